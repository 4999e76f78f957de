<?php
/**
 * Uninstall: removes every trace of the plugin — its tables, options, transients, the
 * `rdv_compagnon_manage` capability and its scheduled jobs. WordPress runs this file when the
 * practitioner deletes the plugin (not on deactivation).
 *
 * @package RdvCompagnon
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

global $wpdb;

foreach ( array( 'rdv_bookings', 'rdv_tombstones', 'rdv_changes', 'rdv_sms' ) as $rdv_table ) {
	$wpdb->query( 'DROP TABLE IF EXISTS ' . $wpdb->prefix . $rdv_table ); // phpcs:ignore WordPress.DB.PreparedSQL -- fixed table names.
}

// Options and transients (`_transient_rdv_compagnon_…`, `_transient_timeout_…`, site ones too).
$rdv_like = array(
	$wpdb->esc_like( 'rdv_compagnon_' ) . '%',
	$wpdb->esc_like( '_transient_rdv_compagnon_' ) . '%',
	$wpdb->esc_like( '_transient_timeout_rdv_compagnon_' ) . '%',
	$wpdb->esc_like( '_site_transient_rdv_compagnon_' ) . '%',
	$wpdb->esc_like( '_site_transient_timeout_rdv_compagnon_' ) . '%',
);
foreach ( $rdv_like as $rdv_pattern ) {
	$rdv_names = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $rdv_pattern ) );
	foreach ( (array) $rdv_names as $rdv_name ) {
		delete_option( $rdv_name );
	}
}

foreach ( wp_roles()->role_objects as $rdv_role ) {
	if ( $rdv_role->has_cap( 'rdv_compagnon_manage' ) ) {
		$rdv_role->remove_cap( 'rdv_compagnon_manage' );
	}
}

// Every scheduled job of the plugin (the daily job, reminders, anything under our prefix).
$rdv_cron = _get_cron_array();
foreach ( (array) $rdv_cron as $rdv_events ) {
	foreach ( array_keys( (array) $rdv_events ) as $rdv_hook ) {
		if ( str_starts_with( (string) $rdv_hook, 'rdv_compagnon_' ) ) {
			wp_unschedule_hook( $rdv_hook );
		}
	}
}
