<?php
/**
 * The French translation as WordPress loads it: the site of the test harness speaks fr_FR, and
 * every string of the shipped .po comes out French through __() (so the .mo is built, named and
 * placed where the plugin's load_plugin_textdomain looks). Which strings have a translation at all
 * is checked by `scripts/plugin-i18n.sh check`.
 *
 * @package RdvCompagnon
 */

class TestRdvTranslations extends Rdv_Test_Case {
	public function test_the_harness_site_speaks_french(): void {
		$this->assertSame( 'fr_FR', determine_locale() );
	}

	public function test_every_translated_string_of_the_po_comes_out_french(): void {
		require_once ABSPATH . WPINC . '/pomo/po.php';
		$po_file = RDV_COMPAGNON_DIR . '/languages/rdv-compagnon-fr_FR.po';
		$mo_file = RDV_COMPAGNON_DIR . '/languages/rdv-compagnon-fr_FR.mo';
		$this->assertFileExists( $mo_file, 'scripts/plugin-i18n.sh build makes the .mo' );
		$this->assertTrue( is_textdomain_loaded( 'rdv-compagnon' ), 'the plugin loads its text domain' );

		$po = new PO();
		$this->assertTrue( $po->import_from_file( $po_file ) );
		foreach ( $po->entries as $entry ) {
			if ( ! $entry->translations || '' === $entry->translations[0] ) {
				continue;
			}
			if ( $entry->is_plural ) {
				$this->assertSame( $entry->translations[0], _n( $entry->singular, $entry->plural, 1, 'rdv-compagnon' ) ); // phpcs:ignore WordPress.WP.I18n
				$this->assertSame( $entry->translations[1], _n( $entry->singular, $entry->plural, 2, 'rdv-compagnon' ) ); // phpcs:ignore WordPress.WP.I18n
			} elseif ( null !== $entry->context ) {
				$this->assertSame( $entry->translations[0], _x( $entry->singular, $entry->context, 'rdv-compagnon' ) ); // phpcs:ignore WordPress.WP.I18n
			} else {
				$this->assertSame( $entry->translations[0], __( $entry->singular, 'rdv-compagnon' ) ); // phpcs:ignore WordPress.WP.I18n
			}
		}
	}
}
