<?php
/**
 * The plugin's Google client: OAuth token endpoint and Calendar API v3, over WordPress's HTTP
 * API. Every URL comes from one setting (`rdv_compagnon_google.base_url`: empty = Google, else
 * the sandbox), so tests point the whole plugin at `rdv-sandbox`.
 *
 * Hostile or broken answers (HTML, cut JSON, 5xx, huge bodies, timeouts) become an
 * Rdv_Google_Error, never a PHP warning. Nothing here logs a body, a token or a name.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Google Calendar for the booking site.
 */
final class Rdv_Google {
	/** Transient: the current access token `{token, for}` (`for` = hash of the refresh token). */
	const ACCESS_TRANSIENT = 'rdv_compagnon_google_access';
	/** What the site asks for: its own events in the calendar, and who the account is. */
	const SCOPES = 'openid email https://www.googleapis.com/auth/calendar.events';
	/** Seconds before a call to Google is abandoned. */
	const TIMEOUT = 10;
	/** Largest answer read (bytes); a longer one is refused as invalid. */
	const MAX_BODY = 4194304;
	/** Most pages read by list_events (Google pages hold up to 2500 events). */
	const MAX_PAGES = 20;

	/**
	 * The settings (Rdv_Options::google(), every key present).
	 *
	 * @return array<string,string>
	 */
	public static function settings(): array {
		return Rdv_Options::google();
	}

	/**
	 * Saves some settings (the others stay) and forgets the cached access token.
	 *
	 * @param array<string,string> $changes Keys of settings() to change.
	 */
	public static function save_settings( array $changes ): void {
		$s = self::settings();
		Rdv_Options::set_google( array_merge( $s, array_intersect_key( $changes, $s ) ) );
		delete_transient( self::ACCESS_TRANSIENT );
	}

	/**
	 * One of Google's endpoints, from the base URL setting: `auth`, `token`, `revoke`, `calendar`.
	 *
	 * @param string $which Endpoint name.
	 */
	public static function endpoint( string $which ): string {
		$base = self::settings()['base_url'];
		if ( '' === $base ) {
			$google = array(
				'auth'     => 'https://accounts.google.com/o/oauth2/v2/auth',
				'token'    => 'https://oauth2.googleapis.com/token',
				'revoke'   => 'https://oauth2.googleapis.com/revoke',
				'calendar' => 'https://www.googleapis.com/calendar/v3/',
			);
			return $google[ $which ];
		}
		$paths = array(
			'auth'     => 'o/oauth2/v2/auth',
			'token'    => 'token',
			'revoke'   => 'revoke',
			'calendar' => 'calendar/v3/',
		);
		return trailingslashit( $base ) . $paths[ $which ];
	}

	/** Whether a refresh token is stored and Google has not revoked it. */
	public static function is_linked(): bool {
		return 'ok' === self::state()['state'];
	}

	/**
	 * The link's state: `ok` (linked), `revoked` (Google refused the refresh token), `unlinked`;
	 * `at`: since when.
	 *
	 * @return array{state:string,at:?string}
	 */
	public static function state(): array {
		$s = Rdv_Options::google_state();
		if ( 'ok' === $s['state'] && '' === Rdv_Options::google_token() ) {
			$s['state'] = 'unlinked';
		}
		return $s;
	}

	/**
	 * Stores a new grant (from the OAuth callback): the refresh token, the account; the state
	 * becomes `ok`.
	 *
	 * @param string $refresh_token The refresh token.
	 * @param string $account_email The Google account, '' when unknown.
	 */
	public static function link( string $refresh_token, string $account_email ): void {
		Rdv_Options::set_google_token( $refresh_token );
		if ( '' !== $account_email ) {
			self::save_settings( array( 'account_email' => $account_email ) );
		}
		Rdv_Options::set_google_state( 'ok' );
		delete_transient( self::ACCESS_TRANSIENT );
		Rdv_Calendar::invalidate();
	}

	/** Revokes the grant at Google (when it answers) and forgets it. */
	public static function unlink(): void {
		$token = Rdv_Options::google_token();
		if ( '' !== $token ) {
			try {
				self::request( 'POST', self::endpoint( 'revoke' ), array( 'token' => $token ), null );
			} catch ( Rdv_Google_Error $e ) {
				// Unreachable: forgetting the token here is what matters.
				unset( $e );
			}
		}
		Rdv_Options::set_google_token( '' );
		Rdv_Options::set_google_state( 'unlinked' );
		delete_transient( self::ACCESS_TRANSIENT );
		self::save_settings( array( 'account_email' => '' ) );
	}

	/** Records that Google refused the refresh token (invalid_grant). */
	public static function mark_revoked(): void {
		Rdv_Options::set_google_state( 'revoked' );
		delete_transient( self::ACCESS_TRANSIENT );
	}

	/** The calendar bookings go to: the setting, else the account's primary calendar. */
	public static function calendar_id(): string {
		$s = self::settings();
		if ( '' !== $s['calendar_id'] ) {
			return $s['calendar_id'];
		}
		return '' !== $s['account_email'] ? $s['account_email'] : 'primary';
	}

	/** The practitioner's zone (the calendar's; Rdv_Options::time_zone()). */
	public static function time_zone(): DateTimeZone {
		return new DateTimeZone( Rdv_Options::time_zone() );
	}

	/**
	 * Exchanges an authorization code (web server flow) for tokens.
	 *
	 * @param string $code         The code from the redirect.
	 * @param string $redirect_uri The redirect URI of the authorization request.
	 * @return array The token response (access_token, refresh_token, id_token, …).
	 * @throws Rdv_Google_Error When Google refuses or answers badly.
	 */
	public static function exchange_code( string $code, string $redirect_uri ): array {
		$s = self::settings();
		return self::token_request(
			array(
				'grant_type'    => 'authorization_code',
				'code'          => $code,
				'redirect_uri'  => $redirect_uri,
				'client_id'     => $s['client_id'],
				'client_secret' => $s['client_secret'],
			)
		);
	}

	/**
	 * The `email` claim of an id_token fresh from the token endpoint (read without checking
	 * the signature, as Google's OpenID Connect page allows for a token received directly from
	 * Google over HTTPS); '' when absent.
	 *
	 * @param string $id_token The JWT.
	 */
	public static function id_token_email( string $id_token ): string {
		$parts = explode( '.', $id_token );
		if ( count( $parts ) < 2 ) {
			return '';
		}
		$json   = base64_decode( strtr( $parts[1], '-_', '+/' ), true );
		$claims = is_string( $json ) ? json_decode( $json, true ) : null;
		$email  = is_array( $claims ) ? ( $claims['email'] ?? '' ) : '';
		return is_string( $email ) && is_email( $email ) ? strtolower( $email ) : '';
	}

	/**
	 * Events of the calendar between two instants, recurring series expanded
	 * (`singleEvents=true`), every page.
	 *
	 * @param DateTimeImmutable $from Start (inclusive).
	 * @param DateTimeImmutable $to   End (exclusive).
	 * @return array[] Raw event arrays as Google sends them.
	 * @throws Rdv_Google_Error When Google cannot be read.
	 */
	public static function list_events( DateTimeImmutable $from, DateTimeImmutable $to ): array {
		$events = array();
		$token  = null;
		for ( $page = 0; $page < self::MAX_PAGES; $page++ ) {
			$query = array(
				'singleEvents' => 'true',
				'timeMin'      => Rdv_Clock::rfc3339( $from ),
				'timeMax'      => Rdv_Clock::rfc3339( $to ),
				'maxResults'   => '2500',
			);
			if ( null !== $token ) {
				$query['pageToken'] = $token;
			}
			$answer = self::api( 'GET', self::events_path(), $query, null );
			$items  = $answer['items'] ?? array();
			if ( ! is_array( $items ) ) {
				throw new Rdv_Google_Error( 'invalid_response', 'events.list: items is not a list' );
			}
			foreach ( $items as $item ) {
				if ( is_array( $item ) ) {
					$events[] = $item;
				}
			}
			$token = $answer['nextPageToken'] ?? null;
			if ( ! is_string( $token ) || '' === $token ) {
				return $events;
			}
		}
		throw new Rdv_Google_Error( 'invalid_response', 'events.list: too many pages' );
	}

	/**
	 * One event, null when it does not exist (404/410).
	 *
	 * @param string $id Event id.
	 * @throws Rdv_Google_Error When Google cannot be read.
	 */
	public static function get_event( string $id ): ?array {
		try {
			return self::api( 'GET', self::events_path() . '/' . rawurlencode( $id ), array(), null );
		} catch ( Rdv_Google_Error $e ) {
			if ( 'not_found' === $e->reason ) {
				return null;
			}
			throw $e;
		}
	}

	/**
	 * Creates an event; returns it as Google stored it. A 409 (the id exists) is thrown with
	 * reason `conflict`. Cached calendar reads are forgotten (Rdv_Calendar::invalidate).
	 *
	 * @param array $event The event resource.
	 * @throws Rdv_Google_Error When Google refuses.
	 */
	public static function insert_event( array $event ): array {
		$created = self::api( 'POST', self::events_path(), array(), $event );
		Rdv_Calendar::invalidate();
		return $created;
	}

	/**
	 * Deletes an event; one already gone (404/410) is fine. Cached calendar reads are forgotten.
	 *
	 * @param string $id Event id.
	 * @throws Rdv_Google_Error When Google refuses.
	 */
	public static function delete_event( string $id ): void {
		try {
			self::api( 'DELETE', self::events_path() . '/' . rawurlencode( $id ), array(), null );
		} catch ( Rdv_Google_Error $e ) {
			if ( 'not_found' !== $e->reason ) {
				throw $e;
			}
		}
		Rdv_Calendar::invalidate();
	}

	/**
	 * The configuration the app published in the calendar (docs/calendar-conventions.md
	 * « Configuration »): its parts joined and the digest checked. Null when there is none, or
	 * it is cancelled, damaged or not JSON.
	 *
	 * @throws Rdv_Google_Error When Google cannot be read.
	 */
	public static function config_event(): ?array {
		$event = self::get_event( self::config_event_id( self::calendar_id() ) );
		return null === $event ? null : self::read_config( $event );
	}

	/**
	 * The configuration an event holds (pure; see config_event()).
	 *
	 * @param array $event A raw event.
	 */
	public static function read_config( array $event ): ?array {
		if ( 'cancelled' === ( $event['status'] ?? '' ) ) {
			return null;
		}
		$private = $event['extendedProperties']['private'] ?? null;
		if ( ! is_array( $private ) || 'config' !== trim( (string) ( $private['rdv.kind'] ?? '' ) ) ) {
			return null;
		}
		$count = $private['rdv.config.parts'] ?? '';
		if ( ! is_string( $count ) || ! ctype_digit( $count ) || (int) $count > 28 ) {
			return null;
		}
		$text = '';
		for ( $i = 0; $i < (int) $count; $i++ ) {
			$part = $private[ 'rdv.config.' . $i ] ?? null;
			if ( ! is_string( $part ) ) {
				return null;
			}
			$text .= $part;
		}
		if ( ( $private['rdv.config.digest'] ?? null ) !== self::fnv1a64_hex( $text ) ) {
			return null;
		}
		$config = json_decode( $text, true );
		return is_array( $config ) ? $config : null;
	}

	/**
	 * The configuration event's id for a calendar: `rdv` + 26 base32hex digits of the hash of
	 * `config|<calendarId>` (rdv_core::availability::publish::shared::config_event_id).
	 *
	 * @param string $calendar_id Calendar id.
	 */
	public static function config_event_id( string $calendar_id ): string {
		return self::event_id( 'config|' . $calendar_id );
	}

	/**
	 * A deterministic event id: `rdv` and 26 base32hex digits (0-9, a-v) of the 128-bit FNV-1a
	 * hash of `$key` (two 64-bit FNV-1a with two offsets, as rdv_core's `event_id`).
	 *
	 * @param string $key What the event stands for.
	 */
	public static function event_id( string $key ): string {
		$hex  = self::fnv1a64_hex( $key, array( 0xcbf29ce4, 0x84222325 ) )
			. self::fnv1a64_hex( $key, array( 0x6c62272e, 0x07bb0142 ) );
		$bits = '00';
		foreach ( str_split( $hex ) as $digit ) {
			$bits .= str_pad( decbin( (int) hexdec( $digit ) ), 4, '0', STR_PAD_LEFT );
		}
		$alphabet = '0123456789abcdefghijklmnopqrstuv';
		$id       = 'rdv';
		foreach ( str_split( $bits, 5 ) as $chunk ) {
			$id .= $alphabet[ bindec( $chunk ) ];
		}
		return $id;
	}

	/**
	 * 64-bit FNV-1a of `$text` in 16 hex digits, computed on two 32-bit halves (PHP integers are
	 * signed: a 64-bit product would turn into a float).
	 *
	 * @param string $text  Bytes to hash.
	 * @param int[]  $basis Offset basis as [high 32 bits, low 32 bits] (default FNV's).
	 */
	public static function fnv1a64_hex( string $text, array $basis = array( 0xcbf29ce4, 0x84222325 ) ): string {
		list( $hi, $lo ) = $basis;
		$len             = strlen( $text );
		for ( $i = 0; $i < $len; $i++ ) {
			$lo ^= ord( $text[ $i ] );
			// h * (2^40 + 0x1b3) mod 2^64.
			$low = $lo * 0x1b3;
			$hi  = ( $hi * 0x1b3 + ( $low >> 32 ) + ( ( $lo << 8 ) & 0xffffffff ) ) & 0xffffffff;
			$lo  = $low & 0xffffffff;
		}
		return sprintf( '%08x%08x', $hi, $lo );
	}

	/** `calendars/<id>/events`. */
	private static function events_path(): string {
		return 'calendars/' . rawurlencode( self::calendar_id() ) . '/events';
	}

	/**
	 * A valid access token: the cached one, else a refresh.
	 *
	 * @param bool $renew Ignore the cache (after a 401).
	 * @throws Rdv_Google_Error `not_linked`, `revoked`, or a transport reason.
	 */
	private static function access_token( bool $renew = false ): string {
		$refresh = Rdv_Options::google_token();
		if ( '' === $refresh ) {
			throw new Rdv_Google_Error( 'not_linked', 'no Google account linked' );
		}
		if ( 'revoked' === self::state()['state'] ) {
			throw new Rdv_Google_Error( 'revoked', 'the Google grant was revoked' );
		}
		$for    = hash( 'sha256', $refresh );
		$cached = get_transient( self::ACCESS_TRANSIENT );
		if ( ! $renew && is_array( $cached ) && ( $cached['for'] ?? '' ) === $for && is_string( $cached['token'] ?? null ) ) {
			return $cached['token'];
		}
		$s = self::settings();
		try {
			$answer = self::token_request(
				array(
					'grant_type'    => 'refresh_token',
					'refresh_token' => $refresh,
					'client_id'     => $s['client_id'],
					'client_secret' => $s['client_secret'],
				)
			);
		} catch ( Rdv_Google_Error $e ) {
			if ( 'revoked' === $e->reason ) {
				self::mark_revoked();
			}
			throw $e;
		}
		$token = $answer['access_token'] ?? null;
		$ttl   = $answer['expires_in'] ?? 0;
		if ( ! is_string( $token ) || '' === $token || ! is_int( $ttl ) ) {
			throw new Rdv_Google_Error( 'invalid_response', 'token: no access_token' );
		}
		if ( $ttl > 120 ) {
			set_transient(
				self::ACCESS_TRANSIENT,
				array(
					'token' => $token,
					'for'   => $for,
				),
				$ttl - 60
			);
		}
		return $token;
	}

	/**
	 * POST to the token endpoint. `invalid_grant` → reason `revoked` (for a refresh) or
	 * `bad_request` (for a code).
	 *
	 * @param array $form The form fields.
	 * @throws Rdv_Google_Error On any refusal.
	 */
	private static function token_request( array $form ): array {
		list( $status, $body ) = self::request( 'POST', self::endpoint( 'token' ), $form, null );
		if ( 200 === $status ) {
			return self::decode( $body );
		}
		if ( $status >= 500 ) {
			throw new Rdv_Google_Error( 'unreachable', 'token: ' . $status, $status );
		}
		$json  = json_decode( $body, true );
		$error = is_array( $json ) && is_string( $json['error'] ?? null ) ? $json['error'] : '';
		if ( 'invalid_grant' === $error && 'refresh_token' === ( $form['grant_type'] ?? '' ) ) {
			throw new Rdv_Google_Error( 'revoked', 'token: invalid_grant', $status );
		}
		throw new Rdv_Google_Error( 'bad_request', 'token: ' . sanitize_key( $error ), $status );
	}

	/**
	 * A Calendar API call with the access token; a 401 renews the token once.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path under calendar/v3/.
	 * @param array      $query  Query parameters.
	 * @param array|null $body   JSON body.
	 * @return array The decoded answer ([] for an empty 204).
	 * @throws Rdv_Google_Error On any failure.
	 */
	private static function api( string $method, string $path, array $query, ?array $body ): array {
		$url = self::endpoint( 'calendar' ) . $path;
		if ( $query ) {
			$url .= '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
		}
		for ( $attempt = 0; ; $attempt++ ) {
			$token                 = self::access_token( $attempt > 0 );
			list( $status, $text ) = self::request( $method, $url, null, $body, $token );
			if ( 401 === $status && 0 === $attempt ) {
				continue;
			}
			break;
		}
		if ( $status >= 200 && $status < 300 ) {
			return '' === $text ? array() : self::decode( $text );
		}
		$reason = '';
		$json   = json_decode( $text, true );
		if ( is_array( $json ) ) {
			$reason = (string) ( $json['error']['errors'][0]['reason'] ?? '' );
		}
		$what = $method . ' ' . $status;
		if ( 404 === $status || 410 === $status ) {
			throw new Rdv_Google_Error( 'not_found', $what, $status );
		}
		if ( 409 === $status ) {
			throw new Rdv_Google_Error( 'conflict', $what, $status );
		}
		if ( 429 === $status || ( 403 === $status && in_array( $reason, array( 'rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded' ), true ) ) ) {
			throw new Rdv_Google_Error( 'rate_limited', $what, $status );
		}
		if ( 401 === $status ) {
			throw new Rdv_Google_Error( 'revoked', $what, $status );
		}
		if ( 403 === $status ) {
			throw new Rdv_Google_Error( 'forbidden', $what, $status );
		}
		if ( $status >= 500 ) {
			throw new Rdv_Google_Error( 'unreachable', $what, $status );
		}
		if ( $status < 200 || $status >= 300 && $status < 400 ) {
			throw new Rdv_Google_Error( 'invalid_response', $what, $status );
		}
		throw new Rdv_Google_Error( 'bad_request', $what, $status );
	}

	/**
	 * One HTTP exchange: timeout, no redirects, size cap.
	 *
	 * @param string      $method HTTP method.
	 * @param string      $url    Full URL.
	 * @param array|null  $form   Form fields (application/x-www-form-urlencoded).
	 * @param array|null  $json   JSON body.
	 * @param string|null $bearer Access token.
	 * @return array{0:int,1:string} Status and body.
	 * @throws Rdv_Google_Error `unreachable` or `invalid_response` (too large).
	 */
	private static function request( string $method, string $url, ?array $form, ?array $json, ?string $bearer = null ): array {
		$args = array(
			'method'              => $method,
			'timeout'             => self::TIMEOUT,
			'redirection'         => 0,
			'limit_response_size' => self::MAX_BODY + 1,
			'headers'             => array( 'Accept' => 'application/json' ),
			'user-agent'          => 'rdv-compagnon/' . RDV_COMPAGNON_VERSION,
		);
		if ( null !== $bearer ) {
			$args['headers']['Authorization'] = 'Bearer ' . $bearer;
		}
		if ( null !== $form ) {
			// Encoded here: WordPress 6.1's Requests encodes an array body with a call PHP 8.1+
			// reports as deprecated.
			$args['headers']['Content-Type'] = 'application/x-www-form-urlencoded';
			$args['body']                    = http_build_query( $form, '', '&' );
		} elseif ( null !== $json ) {
			$args['headers']['Content-Type'] = 'application/json; charset=utf-8';
			$args['body']                    = wp_json_encode( $json );
		}
		$response = wp_remote_request( $url, $args );
		if ( is_wp_error( $response ) ) {
			throw new Rdv_Google_Error( 'unreachable', 'Google unreachable (' . $response->get_error_code() . ')' );
		}
		$body = wp_remote_retrieve_body( $response );
		if ( strlen( $body ) > self::MAX_BODY ) {
			throw new Rdv_Google_Error( 'invalid_response', 'answer too large', (int) wp_remote_retrieve_response_code( $response ) );
		}
		return array( (int) wp_remote_retrieve_response_code( $response ), $body );
	}

	/**
	 * A JSON object, or `invalid_response`.
	 *
	 * @param string $text The body.
	 * @throws Rdv_Google_Error When it is not a JSON object.
	 */
	private static function decode( string $text ): array {
		$json = json_decode( $text, true );
		if ( ! is_array( $json ) || array_is_list( $json ) && array() !== $json ) {
			throw new Rdv_Google_Error( 'invalid_response', 'not a JSON object' );
		}
		return $json;
	}
}
