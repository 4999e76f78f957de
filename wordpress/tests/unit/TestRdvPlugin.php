<?php
/**
 * Rdv_Plugin and uninstall.php: activation creates the tables, options, capability and the daily
 * job; deactivation removes the job; uninstall removes every trace, and activation brings the
 * plugin back.
 *
 * @package RdvCompagnon
 */

/**
 * Plugin lifecycle.
 */
class TestRdvPlugin extends Rdv_Test_Case {
	private function tables(): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'rdv_' ) . '%' ) );
	}

	private function options(): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s", $wpdb->esc_like( 'rdv_compagnon_' ) . '%', '%' . $wpdb->esc_like( 'transient_rdv_compagnon_' ) . '%' ) );
	}

	public function test_activation_sets_everything_up_and_deactivation_unschedules_the_job(): void {
		Rdv_Plugin::activate();
		$this->assertCount( 4, $this->tables() );
		$this->assertSame( Rdv_Schema::VERSION, Rdv_Options::db_version() );
		$this->assertTrue( get_role( 'administrator' )->has_cap( Rdv_Plugin::CAPABILITY ) );
		$this->assertFalse( get_role( 'editor' )->has_cap( Rdv_Plugin::CAPABILITY ) );
		$this->assertNotFalse( wp_next_scheduled( Rdv_Plugin::DAILY_HOOK ) );
		$this->assertSame( 120, Rdv_Config::retention_days(), 'a fresh plugin keeps 120 days' );
		Rdv_Plugin::deactivate();
		$this->assertFalse( wp_next_scheduled( Rdv_Plugin::DAILY_HOOK ) );
		Rdv_Plugin::activate();
	}

	public function test_the_daily_job_applies_retention(): void {
		$this->pin_now( '2026-11-26T09:00:00Z' );
		Rdv_Records::create( array( 'event_id' => 'old', 'appointment_type' => 'c', 'source' => 'site', 'first_name' => 'A', 'last_name' => 'B', 'created_at' => '2026-07-01 00:00:00' ) );
		do_action( Rdv_Plugin::DAILY_HOOK );
		$this->assertNull( Rdv_Records::get( 'old' ) );
	}

	public function test_uninstall_removes_every_trace_and_activation_brings_the_plugin_back(): void {
		Rdv_Records::create( array( 'event_id' => 'evt1', 'appointment_type' => 'c', 'source' => 'site', 'first_name' => 'A', 'last_name' => 'B' ) );
		set_transient( 'rdv_compagnon_google_access', 'token', 60 );
		Rdv_Plugin::activate();
		wp_schedule_single_event( time() + 3600, 'rdv_compagnon_sms_reminders' );
		try {
			if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
				define( 'WP_UNINSTALL_PLUGIN', 'rdv-compagnon/rdv-compagnon.php' );
			}
			include RDV_COMPAGNON_DIR . '/uninstall.php';
			wp_cache_flush();
			$this->assertSame( array(), $this->tables(), 'tables dropped' );
			$this->assertSame( array(), $this->options(), 'options and transients deleted' );
			$this->assertFalse( get_role( 'administrator' )->has_cap( Rdv_Plugin::CAPABILITY ), 'capability removed' );
			$this->assertFalse( wp_next_scheduled( Rdv_Plugin::DAILY_HOOK ) );
			$this->assertFalse( wp_next_scheduled( 'rdv_compagnon_sms_reminders' ) );
		} finally {
			Rdv_Plugin::activate();
		}
		$this->assertCount( 4, $this->tables(), 'activation installs again' );
	}
}
