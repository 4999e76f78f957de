<?php
/**
 * The plugin's tables (created and upgraded with dbDelta) and their version.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * DDL of the plugin's tables; `install()` is idempotent (dbDelta).
 */
final class Rdv_Schema {
	/** Version of the schema below; stored in the option `rdv_compagnon_db_version`. */
	public const VERSION = 1;

	/** The plugin's table names, without the WordPress prefix. */
	public const TABLES = array( 'rdv_bookings', 'rdv_tombstones', 'rdv_changes', 'rdv_sms' );

	/**
	 * A table's full name (`wp_rdv_bookings`).
	 *
	 * @param string $name One of self::TABLES.
	 */
	public static function table( string $name ): string {
		global $wpdb;
		return $wpdb->prefix . $name;
	}

	/**
	 * The CREATE TABLE statements, in dbDelta's format (two spaces after PRIMARY KEY).
	 *
	 * @return string[]
	 */
	public static function ddl(): array {
		global $wpdb;
		$p       = $wpdb->prefix;
		$charset = $wpdb->get_charset_collate();
		return array(
			"CREATE TABLE {$p}rdv_bookings (
  event_id varchar(64) NOT NULL,
  calendar_id varchar(255) NOT NULL,
  appointment_type varchar(64) NOT NULL,
  source varchar(16) NOT NULL,
  first_name varchar(100) NOT NULL,
  last_name varchar(100) NOT NULL,
  phone varchar(32) NULL,
  email varchar(254) NULL,
  consent_at datetime NULL,
  consent_version varchar(32) NULL,
  starts_at datetime NULL,
  ends_at datetime NULL,
  sms_confirmation varchar(16) NOT NULL DEFAULT 'none',
  sms_reminder varchar(16) NOT NULL DEFAULT 'none',
  sms_cancellation varchar(16) NOT NULL DEFAULT 'none',
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  cancelled_at datetime NULL,
  cancel_reason varchar(200) NULL,
  stamp bigint(20) unsigned NOT NULL,
  PRIMARY KEY  (event_id),
  KEY stamp (stamp),
  KEY created_at (created_at),
  KEY starts_at (starts_at)
) $charset;",
			"CREATE TABLE {$p}rdv_tombstones (
  event_id varchar(64) NOT NULL,
  deleted_at datetime NOT NULL,
  stamp bigint(20) unsigned NOT NULL,
  PRIMARY KEY  (event_id),
  KEY stamp (stamp)
) $charset;",
			"CREATE TABLE {$p}rdv_changes (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  PRIMARY KEY  (id)
) $charset;",
			"CREATE TABLE {$p}rdv_sms (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  event_id varchar(64) NULL,
  kind varchar(16) NOT NULL,
  phone varchar(32) NULL,
  body text NULL,
  segments int unsigned NOT NULL,
  encoding varchar(8) NOT NULL,
  status varchar(16) NOT NULL,
  provider_ref varchar(64) NULL,
  month char(7) NOT NULL,
  price_per_segment varchar(16) NOT NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY event_id (event_id),
  KEY month (month),
  KEY provider_ref (provider_ref)
) $charset;",
		);
	}

	/**
	 * Creates or upgrades the tables, then records the version.
	 */
	public static function install(): void {
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( self::ddl() );
		Rdv_Options::set_db_version( self::VERSION );
	}

	/**
	 * Whether the stored schema is older than this code's.
	 */
	public static function needs_upgrade(): bool {
		return Rdv_Options::db_version() < self::VERSION;
	}

	/**
	 * Drops every table of the plugin (uninstall, test reset never uses it).
	 */
	public static function drop(): void {
		global $wpdb;
		foreach ( self::TABLES as $t ) {
			$wpdb->query( 'DROP TABLE IF EXISTS ' . self::table( $t ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		}
	}
}
