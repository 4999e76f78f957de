<?php
/**
 * Plugin Name:       RDV Compagnon
 * Description:       Prise de rendez-vous en ligne sur Google Agenda, synchronisée avec l'application RDV Compagnon du praticien.
 * Version:           1.0.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            lib-rdv
 * License:           GPL-2.0-or-later
 * Text Domain:       rdv-compagnon
 * Domain Path:       /languages
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

define( 'RDV_COMPAGNON_VERSION', '1.0.0' );
define( 'RDV_COMPAGNON_FILE', __FILE__ );
define( 'RDV_COMPAGNON_DIR', __DIR__ );

/*
 * Classes are loaded on first use: `Rdv_Foo_Bar` lives in includes/class-rdv-foo-bar.php, and an
 * interface `Rdv_Foo` in includes/interface-rdv-foo.php.
 */
spl_autoload_register(
	static function ( string $class ): void {
		if ( ! str_starts_with( $class, 'Rdv_' ) ) {
			return;
		}
		$name = str_replace( '_', '-', strtolower( $class ) ) . '.php';
		foreach ( array( 'class-', 'interface-' ) as $prefix ) {
			$file = RDV_COMPAGNON_DIR . '/includes/' . $prefix . $name;
			if ( is_readable( $file ) ) {
				require_once $file;
				return;
			}
		}
	}
);

register_activation_hook( __FILE__, array( 'Rdv_Plugin', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'Rdv_Plugin', 'deactivate' ) );

Rdv_Plugin::boot();
