<?php
/**
 * Typed access to every option of the plugin (`rdv_compagnon_*`).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's options. Secrets (the Google refresh token, SMS keys) are stored with autoload
 * off and are never printed nor sent in a REST answer.
 */
final class Rdv_Options {
	public const DB_VERSION      = 'rdv_compagnon_db_version';
	public const CONFIG          = 'rdv_compagnon_config';
	public const CONFIG_ETAG     = 'rdv_compagnon_config_etag';
	public const PRACTICE        = 'rdv_compagnon_practice';
	public const LEGAL_URL       = 'rdv_compagnon_legal_url';
	public const CONSENT_VERSION = 'rdv_compagnon_consent_version';
	public const EPOCH           = 'rdv_compagnon_epoch';
	public const GOOGLE          = 'rdv_compagnon_google';
	public const GOOGLE_TOKEN    = 'rdv_compagnon_google_token';
	public const GOOGLE_STATE    = 'rdv_compagnon_google_state';
	public const SMS             = 'rdv_compagnon_sms';
	public const PRICE           = 'rdv_compagnon_price_per_segment';
	/** Stamp below which cursors are expired (tombstones after them were dropped). */
	public const CURSOR_FLOOR = 'rdv_compagnon_cursor_floor';

	/** Every option name, for uninstall and the test reset. */
	public const ALL = array(
		self::DB_VERSION,
		self::CONFIG,
		self::CONFIG_ETAG,
		self::PRACTICE,
		self::LEGAL_URL,
		self::CONSENT_VERSION,
		self::EPOCH,
		self::GOOGLE,
		self::GOOGLE_TOKEN,
		self::GOOGLE_STATE,
		self::SMS,
		self::PRICE,
		self::CURSOR_FLOOR,
	);

	/** The consent text version of a fresh installation. */
	public const DEFAULT_CONSENT_VERSION = '2026-09-01';
	/** lib-rdv's price per billed SMS segment, in euros, of a fresh installation. */
	public const DEFAULT_PRICE = '0.08';

	/**
	 * Writes the defaults of options that do not exist yet (activation); never overwrites.
	 */
	public static function add_defaults(): void {
		add_option( self::PRACTICE, array( 'name' => (string) get_bloginfo( 'name' ), 'address' => '', 'phone' => '' ), '', 'no' );
		add_option( self::LEGAL_URL, '', '', 'no' );
		add_option( self::CONSENT_VERSION, self::DEFAULT_CONSENT_VERSION, '', 'no' );
		add_option( self::PRICE, self::DEFAULT_PRICE, '', 'no' );
		add_option( self::CURSOR_FLOOR, 0, '', 'no' );
		add_option( self::GOOGLE_STATE, array( 'state' => 'unlinked', 'at' => null ), '', 'no' );
		if ( false === get_option( self::EPOCH, false ) ) {
			self::new_epoch();
		}
		if ( false === get_option( self::CONFIG, false ) ) {
			self::set_config( Rdv_Config::fresh() );
		}
	}

	/** Schema version stored (0 before the first install). */
	public static function db_version(): int {
		return (int) get_option( self::DB_VERSION, 0 );
	}

	/**
	 * Records the schema version.
	 *
	 * @param int $v Version.
	 */
	public static function set_db_version( int $v ): void {
		update_option( self::DB_VERSION, $v, true );
	}

	/**
	 * The stored configuration: the document of GET /config without its read-only fields
	 * (`consentTextVersion`, `practice`, `sms.pricePerSegment`).
	 *
	 * @return array<string,mixed>
	 */
	public static function config(): array {
		$c = get_option( self::CONFIG, null );
		return is_array( $c ) ? $c : Rdv_Config::fresh();
	}

	/**
	 * Stores the configuration (read-only fields are dropped) and its ETag.
	 *
	 * @param array<string,mixed> $config Canonical configuration.
	 */
	public static function set_config( array $config ): void {
		unset( $config['consentTextVersion'], $config['practice'], $config['sms']['pricePerSegment'] );
		update_option( self::CONFIG, $config, false );
		update_option( self::CONFIG_ETAG, Rdv_Config::etag( Rdv_Config::document() ), false );
	}

	/**
	 * The current ETag of the configuration (quoted), computed from the document itself so it
	 * can never be stale; the option `rdv_compagnon_config_etag` keeps the last one written.
	 */
	public static function config_etag(): string {
		return Rdv_Config::etag( Rdv_Config::document() );
	}

	/**
	 * The practitioner's identity shown in the texts: `{name, address, phone}`.
	 *
	 * @return array{name:string,address:string,phone:string}
	 */
	public static function practice(): array {
		$p = get_option( self::PRACTICE, array() );
		$p = is_array( $p ) ? $p : array();
		return array(
			'name'    => (string) ( $p['name'] ?? '' ),
			'address' => (string) ( $p['address'] ?? '' ),
			'phone'   => (string) ( $p['phone'] ?? '' ),
		);
	}

	/**
	 * Sets the practitioner's identity (settings page); the configuration's ETag changes.
	 *
	 * @param array{name:string,address:string,phone:string} $p Identity.
	 */
	public static function set_practice( array $p ): void {
		update_option(
			self::PRACTICE,
			array(
				'name'    => (string) ( $p['name'] ?? '' ),
				'address' => (string) ( $p['address'] ?? '' ),
				'phone'   => (string) ( $p['phone'] ?? '' ),
			),
			false
		);
		self::refresh_etag();
	}

	/** URL of the site's legal notices page (the consent link). */
	public static function legal_url(): string {
		return (string) get_option( self::LEGAL_URL, '' );
	}

	/**
	 * Sets the legal notices URL.
	 *
	 * @param string $url URL (already sanitised with esc_url_raw).
	 */
	public static function set_legal_url( string $url ): void {
		update_option( self::LEGAL_URL, $url, false );
	}

	/** Version of the legal notices the form's checkbox refers to. */
	public static function consent_version(): string {
		return (string) get_option( self::CONSENT_VERSION, self::DEFAULT_CONSENT_VERSION );
	}

	/**
	 * Sets the consent text version; the configuration's ETag changes.
	 *
	 * @param string $v Version, e.g. `2026-09-01`.
	 */
	public static function set_consent_version( string $v ): void {
		update_option( self::CONSENT_VERSION, $v, false );
		self::refresh_etag();
	}

	/** Price per billed segment, decimal string (`"0.08"`). */
	public static function price_per_segment(): string {
		return (string) get_option( self::PRICE, self::DEFAULT_PRICE );
	}

	/**
	 * Sets the price per segment (lib-rdv); the configuration's ETag changes.
	 *
	 * @param string $price Decimal string.
	 */
	public static function set_price_per_segment( string $price ): void {
		update_option( self::PRICE, $price, false );
		self::refresh_etag();
	}

	/** This installation's epoch (8 characters), part of every cursor. */
	public static function epoch(): string {
		$e = get_option( self::EPOCH, '' );
		return is_string( $e ) && '' !== $e ? $e : self::new_epoch();
	}

	/** Draws a new epoch: every cursor handed out before expires. */
	public static function new_epoch(): string {
		$e = strtolower( wp_generate_password( 8, false, false ) );
		update_option( self::EPOCH, $e, true );
		return $e;
	}

	/** Stamp below which cursors are expired. */
	public static function cursor_floor(): int {
		return (int) get_option( self::CURSOR_FLOOR, 0 );
	}

	/**
	 * Raises the cursor floor (never lowers it).
	 *
	 * @param int $stamp Stamp.
	 */
	public static function raise_cursor_floor( int $stamp ): void {
		if ( $stamp > self::cursor_floor() ) {
			update_option( self::CURSOR_FLOOR, $stamp, false );
		}
	}

	/**
	 * Google settings: `{base_url, client_id, client_secret, calendar_id, account_email, time_zone}`.
	 *
	 * @return array<string,string>
	 */
	public static function google(): array {
		$g = get_option( self::GOOGLE, array() );
		$g = is_array( $g ) ? $g : array();
		$out = array();
		foreach ( array( 'base_url', 'client_id', 'client_secret', 'calendar_id', 'account_email', 'time_zone' ) as $k ) {
			$out[ $k ] = (string) ( $g[ $k ] ?? '' );
		}
		return $out;
	}

	/**
	 * Stores the Google settings (autoload off: holds the client secret).
	 *
	 * @param array<string,string> $g Settings.
	 */
	public static function set_google( array $g ): void {
		update_option( self::GOOGLE, $g, false );
	}

	/** The Google refresh token, '' when none. Never printed. */
	public static function google_token(): string {
		return (string) get_option( self::GOOGLE_TOKEN, '' );
	}

	/**
	 * Stores (or clears with '') the refresh token, autoload off.
	 *
	 * @param string $token Refresh token.
	 */
	public static function set_google_token( string $token ): void {
		if ( '' === $token ) {
			delete_option( self::GOOGLE_TOKEN );
			return;
		}
		update_option( self::GOOGLE_TOKEN, $token, false );
	}

	/**
	 * Google grant state: `{state: ok|revoked|unlinked, at: RFC 3339|null}`.
	 *
	 * @return array{state:string,at:?string}
	 */
	public static function google_state(): array {
		$s = get_option( self::GOOGLE_STATE, array() );
		$s = is_array( $s ) ? $s : array();
		$state = (string) ( $s['state'] ?? '' );
		if ( ! in_array( $state, array( 'ok', 'revoked', 'unlinked' ), true ) ) {
			$state = '' === self::google_token() ? 'unlinked' : 'ok';
		}
		return array( 'state' => $state, 'at' => isset( $s['at'] ) ? (string) $s['at'] : null );
	}

	/**
	 * Records the Google grant state, stamped with the current instant.
	 *
	 * @param string $state `ok`, `revoked` or `unlinked`.
	 */
	public static function set_google_state( string $state ): void {
		update_option( self::GOOGLE_STATE, array( 'state' => $state, 'at' => Rdv_Clock::rfc3339( Rdv_Clock::now() ) ), false );
	}

	/**
	 * The practitioner's time zone: the calendar's (Google settings), default Europe/Paris.
	 */
	public static function time_zone(): string {
		$tz = self::google()['time_zone'];
		if ( '' === $tz ) {
			return 'Europe/Paris';
		}
		try {
			new DateTimeZone( $tz );
			return $tz;
		} catch ( Exception $e ) {
			return 'Europe/Paris';
		}
	}

	/** Recomputes the stored ETag after a read-only field changed. */
	private static function refresh_etag(): void {
		update_option( self::CONFIG_ETAG, Rdv_Config::etag( Rdv_Config::document() ), false );
	}
}
