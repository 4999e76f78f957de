<?php
/**
 * Wires the plugin into WordPress: translations, REST routes, the daily job, activation,
 * deactivation and the schema upgrade check; other parts register themselves through their
 * `register()` static when they are present.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Plugin lifecycle.
 */
final class Rdv_Plugin {
	/** The capability of the plugin's settings and REST routes. */
	public const CAPABILITY = 'rdv_compagnon_manage';
	/** The daily job's hook (retention, tombstones; other parts hook reminders on it). */
	public const DAILY_HOOK = 'rdv_compagnon_daily';
	/** Parts that register their own hooks when present. */
	private const PARTS = array( 'Rdv_Admin', 'Rdv_Form', 'Rdv_Oauth', 'Rdv_Sms' );

	/**
	 * Called once when the plugin file is loaded.
	 */
	public static function boot(): void {
		add_action( 'plugins_loaded', array( self::class, 'loaded' ) );
		add_action( 'rest_api_init', array( 'Rdv_Rest', 'register_routes' ) );
		add_action( self::DAILY_HOOK, array( self::class, 'daily' ) );
		foreach ( self::PARTS as $part ) {
			if ( class_exists( $part ) && method_exists( $part, 'register' ) ) {
				$part::register();
			}
		}
	}

	/**
	 * `plugins_loaded`: translations and the schema upgrade.
	 */
	public static function loaded(): void {
		load_plugin_textdomain( 'rdv-compagnon', false, dirname( plugin_basename( RDV_COMPAGNON_FILE ) ) . '/languages' );
		if ( Rdv_Schema::needs_upgrade() ) {
			self::install();
		}
	}

	/**
	 * Activation: tables, default options, capability, the daily job.
	 */
	public static function activate(): void {
		self::install();
		if ( ! wp_next_scheduled( self::DAILY_HOOK ) ) {
			wp_schedule_event( Rdv_Clock::now()->getTimestamp() + HOUR_IN_SECONDS, 'daily', self::DAILY_HOOK );
		}
	}

	/**
	 * Deactivation: the daily job is unscheduled (data stays until uninstall).
	 */
	public static function deactivate(): void {
		wp_clear_scheduled_hook( self::DAILY_HOOK );
	}

	/**
	 * Tables, default options and the capability (idempotent).
	 */
	public static function install(): void {
		Rdv_Schema::install();
		Rdv_Options::add_defaults();
		$admin = get_role( 'administrator' );
		if ( $admin && ! $admin->has_cap( self::CAPABILITY ) ) {
			$admin->add_cap( self::CAPABILITY );
		}
	}

	/**
	 * The daily job: retention and tombstone expiry (docs/booking-endpoint.md § Retention).
	 */
	public static function daily(): void {
		Rdv_Records::housekeeping();
	}
}
