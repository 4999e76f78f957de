<?php
/**
 * Google for the plugin's tests: the standalone rdv-sandbox (started once per PHPUnit run, the
 * site's OAuth callback registered as the web client's redirect URI, consent granted at once to
 * one account), and a hostile server (support/hostile-google.php under `php -S`). Both are real
 * HTTP servers on 127.0.0.1, stopped when PHPUnit exits.
 *
 * The sandbox binary: $RDV_SANDBOX_BIN, else $CARGO_TARGET_DIR/debug/rdv-sandbox, else
 * target/debug/rdv-sandbox of this checkout (`cargo build -p rdv-sandbox`).
 *
 * @package RdvCompagnon
 */

/*
 * WordPress 6.1's HTTP library (Requests 1.x) declares classes PHP 8.1+ reports as deprecated
 * when they are first loaded; load them once here, outside any test, so no test "prints output".
 */
ob_start();
wp_remote_get( 'http://127.0.0.1:9/', array( 'timeout' => 1 ) );
foreach ( array( 'Requests_Cookie_Jar', 'Requests_Utility_CaseInsensitiveDictionary', 'Requests_Response_Headers', 'Requests_Utility_FilteredIterator', 'Requests_Response', 'Requests_Cookie' ) as $rdv_class ) {
	class_exists( $rdv_class );
}
ob_end_clean();

/**
 * Test servers playing Google.
 */
final class Rdv_Test_Google {
	/** The account the sandbox grants consent to. */
	const EMAIL = 'cabinet.test@example.fr';
	/** The sandbox's web OAuth client (rdv_sandbox::WEB_CLIENT_ID / WEB_CLIENT_SECRET). */
	const CLIENT_ID     = 'rdv-compagnon-site-sandbox.apps.googleusercontent.com';
	const CLIENT_SECRET = 'sandbox-web-client-secret';

	/** @var array<string,array{0:resource,1:string}> Running servers by name: [process, base URL]. */
	private static array $servers = array();

	/** The sandbox's base URL (`http://127.0.0.1:P/`), started on first use. */
	public static function sandbox_url(): string {
		if ( ! isset( self::$servers['sandbox'] ) ) {
			$root   = dirname( __DIR__, 3 );
			$target = getenv( 'CARGO_TARGET_DIR' ) ? getenv( 'CARGO_TARGET_DIR' ) : $root . '/target';
			$bin    = getenv( 'RDV_SANDBOX_BIN' ) ? getenv( 'RDV_SANDBOX_BIN' ) : $target . '/debug/rdv-sandbox';
			if ( ! is_executable( $bin ) ) {
				throw new RuntimeException( "$bin is missing: cargo build -p rdv-sandbox (make plugin-test does)" );
			}
			$proc = proc_open(
				array( $bin, '--port', '0', '--consent', 'approve:' . self::EMAIL, '--web-redirect', Rdv_Oauth::redirect_uri() ),
				array(
					0 => array( 'file', '/dev/null', 'r' ),
					1 => array( 'file', '/dev/null', 'w' ),
					2 => array( 'pipe', 'w' ),
				),
				$pipes
			);
			$url = null;
			while ( null === $url && false !== ( $line = fgets( $pipes[2] ) ) ) {
				if ( preg_match( '#listening at (http://127\.0\.0\.1:\d+/)#', $line, $m ) ) {
					$url = $m[1];
				}
			}
			if ( null === $url ) {
				proc_terminate( $proc );
				throw new RuntimeException( 'rdv-sandbox did not start' );
			}
			self::$servers['sandbox'] = array( $proc, $url );
			self::stop_at_exit();
		}
		return self::$servers['sandbox'][1];
	}

	/** The hostile server's base URL; a mode of hostile-google.php is the first path segment. */
	public static function hostile_url(): string {
		if ( ! isset( self::$servers['hostile'] ) ) {
			$probe = stream_socket_server( 'tcp://127.0.0.1:0' );
			$name  = stream_socket_get_name( $probe, false );
			fclose( $probe );
			$port = (int) substr( $name, strrpos( $name, ':' ) + 1 );
			$proc = proc_open(
				array( PHP_BINARY, '-S', '127.0.0.1:' . $port, __DIR__ . '/hostile-google.php' ),
				array(
					0 => array( 'file', '/dev/null', 'r' ),
					1 => array( 'file', '/dev/null', 'w' ),
					2 => array( 'file', '/dev/null', 'w' ),
				),
				$pipes
			);
			// Ready when it accepts a connection (up to 10 s).
			$deadline = microtime( true ) + 10;
			do {
				$socket = @fsockopen( '127.0.0.1', $port, $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- refused until it listens.
			} while ( ! $socket && microtime( true ) < $deadline && ( usleep( 20000 ) || true ) );
			if ( ! $socket ) {
				proc_terminate( $proc );
				throw new RuntimeException( 'the hostile server did not start' );
			}
			fclose( $socket );
			self::$servers['hostile'] = array( $proc, 'http://127.0.0.1:' . $port . '/' );
			self::stop_at_exit();
		}
		return self::$servers['hostile'][1];
	}

	/**
	 * Points the plugin at a Google (settings as the practitioner saves them), unlinked.
	 *
	 * @param string $base_url The base URL.
	 */
	public static function point_at( string $base_url ): void {
		Rdv_Options::set_google(
			array(
				'base_url'      => $base_url,
				'client_id'     => self::CLIENT_ID,
				'client_secret' => self::CLIENT_SECRET,
				'calendar_id'   => '',
				'account_email' => '',
				'time_zone'     => 'Europe/Paris',
			)
		);
		Rdv_Options::set_google_token( '' );
		Rdv_Options::set_google_state( 'unlinked' );
		delete_transient( Rdv_Google::ACCESS_TRANSIENT );
	}

	/**
	 * Links the plugin to the sandbox through its own OAuth web flow, as the practitioner's
	 * browser would: « Associer » makes the state and the URL, the sandbox consents at once and
	 * redirects to the callback with a code, the callback's work (Rdv_Oauth::finish) exchanges it.
	 * Needs a current user with the capability. Returns the outcome (`linked`).
	 */
	public static function link_through_oauth(): string {
		self::point_at( self::sandbox_url() );
		$state = 'test-state-' . wp_generate_password( 12, false );
		set_transient( Rdv_Oauth::STATE_TRANSIENT . get_current_user_id(), $state, Rdv_Oauth::STATE_TTL );
		$answer   = wp_remote_get( Rdv_Oauth::auth_url( $state ), array( 'redirection' => 0 ) );
		$location = is_wp_error( $answer ) ? '' : (string) wp_remote_retrieve_header( $answer, 'location' );
		if ( ! str_starts_with( $location, Rdv_Oauth::redirect_uri() ) ) {
			throw new RuntimeException( 'the sandbox did not redirect to the callback' );
		}
		parse_str( (string) parse_url( $location, PHP_URL_QUERY ), $query );
		return Rdv_Oauth::finish( $query );
	}

	/**
	 * Inserts an event as someone typing it in Google Calendar would: straight to the sandbox
	 * with a token of its own, not through the plugin (whose cache does not hear of it).
	 *
	 * @param array $event The event resource.
	 * @return array The created event.
	 */
	public static function insert_behind_the_plugins_back( array $event ): array {
		return self::behind_the_plugins_back( 'POST', '', $event );
	}

	/**
	 * Publishes a configuration event as the app does (docs/calendar-conventions.md
	 * « Configuration »): inserted with its deterministic id the first time, updated — and so
	 * restored when deleted — afterwards (Google keeps a deleted event's id: inserting it again
	 * is a 409).
	 *
	 * @param array $event The event resource without id.
	 */
	public static function publish_config( array $event ): array {
		$id          = Rdv_Google::config_event_id( Rdv_Google::calendar_id() );
		$event['id'] = $id;
		if ( null === Rdv_Google::get_event( $id ) ) {
			return self::behind_the_plugins_back( 'POST', '', $event );
		}
		$event['status'] = 'confirmed';
		return self::behind_the_plugins_back( 'PUT', '/' . rawurlencode( $id ), $event );
	}

	/**
	 * A Calendar API write with a token of its own.
	 *
	 * @param string $method POST or PUT.
	 * @param string $suffix After `…/events`.
	 * @param array  $event  The body.
	 */
	private static function behind_the_plugins_back( string $method, string $suffix, array $event ): array {
		$token  = wp_remote_post(
			Rdv_Google::endpoint( 'token' ),
			array(
				'body' => http_build_query(
					array(
						'grant_type'    => 'refresh_token',
						'refresh_token' => Rdv_Options::google_token(),
						'client_id'     => self::CLIENT_ID,
						'client_secret' => self::CLIENT_SECRET,
					),
					'',
					'&'
				),
			)
		);
		$access = json_decode( wp_remote_retrieve_body( $token ), true )['access_token'];
		$answer = wp_remote_request(
			Rdv_Google::endpoint( 'calendar' ) . 'calendars/' . rawurlencode( Rdv_Google::calendar_id() ) . '/events' . $suffix,
			array(
				'method'  => $method,
				'headers' => array(
					'Authorization' => 'Bearer ' . $access,
					'Content-Type'  => 'application/json',
				),
				'body'    => wp_json_encode( $event ),
			)
		);
		if ( 200 !== wp_remote_retrieve_response_code( $answer ) ) {
			throw new RuntimeException( 'the sandbox refused the event: ' . wp_remote_retrieve_body( $answer ) );
		}
		return json_decode( wp_remote_retrieve_body( $answer ), true );
	}

	/** Stops every server when PHP exits. */
	private static function stop_at_exit(): void {
		static $registered = false;
		if ( $registered ) {
			return;
		}
		$registered = true;
		register_shutdown_function(
			static function (): void {
				foreach ( self::$servers as $server ) {
					proc_terminate( $server[0] );
					proc_close( $server[0] );
				}
				self::$servers = array();
			}
		);
	}
}
