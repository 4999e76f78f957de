<?php
/**
 * Rdv_Oauth: the web flow (state nonce, code exchange, offline grant), the settings section
 * (secret and token never printed), unlinking revokes, capability and nonces on every action.
 *
 * @package RdvCompagnon
 */

require_once dirname( __DIR__ ) . '/support/class-rdv-test-google.php';
require_once ABSPATH . 'wp-admin/includes/template.php'; // submit_button(), as on the settings page.

/** What the tests' wp_die and wp_redirect throw instead of ending the process. */
class Rdv_Test_Exit extends Exception {
	/** @var string Redirect location, '' for wp_die. */
	public string $location = '';
}

/**
 * Rdv_Oauth.
 */
class TestRdvOauth extends Rdv_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'wp_die_handler', array( self::class, 'die_handler' ) );
		add_filter( 'wp_redirect', array( self::class, 'redirect' ), 1000 );
		$_POST    = array();
		$_REQUEST = array();
	}

	protected function tearDown(): void {
		remove_filter( 'wp_die_handler', array( self::class, 'die_handler' ) );
		remove_filter( 'wp_redirect', array( self::class, 'redirect' ), 1000 );
		$_POST    = array();
		$_REQUEST = array();
		parent::tearDown();
	}

	/** wp_die throws (with the HTTP status as code). */
	public static function die_handler(): callable {
		return static function ( $message, $title, $args ) {
			throw new Rdv_Test_Exit( 'wp_die', (int) ( $args['response'] ?? 500 ) );
		};
	}

	/**
	 * wp_redirect throws its location instead of sending the header and exiting.
	 *
	 * @param string $location Where to.
	 */
	public static function redirect( $location ) {
		$e           = new Rdv_Test_Exit( 'redirect', 302 );
		$e->location = (string) $location;
		throw $e;
	}

	/**
	 * Runs an admin-post handler; returns how it ended.
	 *
	 * @param callable $handler The handler.
	 */
	private function run_handler( callable $handler ): Rdv_Test_Exit {
		try {
			$handler();
		} catch ( Rdv_Test_Exit $e ) {
			return $e;
		}
		$this->fail( 'the handler neither redirected nor died' );
	}

	/**
	 * Posts a form to a handler with its nonce.
	 *
	 * @param string $action The admin-post action.
	 * @param array  $fields Fields.
	 */
	private function post( string $action, array $fields ): Rdv_Test_Exit {
		$_POST    = array_merge( $fields, array( '_wpnonce' => wp_create_nonce( $action ) ) );
		$_REQUEST = $_POST;
		return $this->run_handler( array( Rdv_Oauth::class, str_replace( 'rdv_compagnon_google_', '', $action ) ) );
	}

	/** The section's HTML. */
	private function section(): string {
		ob_start();
		Rdv_Oauth::section();
		return (string) ob_get_clean();
	}

	/** RFC 6749 §10.12: the state must match the one this user's request made, once. */
	public function test_the_callback_checks_the_state() {
		$this->act_as( 'rdv_admin_oauth' );
		Rdv_Test_Google::point_at( Rdv_Test_Google::sandbox_url() );
		$this->assertSame( 'bad_state', Rdv_Oauth::finish( array( 'code' => 'x' ) ), 'no request made' );
		set_transient( Rdv_Oauth::STATE_TRANSIENT . get_current_user_id(), 'the-state', 600 );
		$this->assertSame( 'bad_state', Rdv_Oauth::finish( array( 'state' => 'forged', 'code' => 'x' ) ) );
		$this->assertSame( 'denied', Rdv_Oauth::finish( array( 'state' => 'the-state', 'error' => 'access_denied' ) ) );
		$this->assertSame( 'bad_state', Rdv_Oauth::finish( array( 'state' => 'the-state', 'code' => 'x' ) ), 'a state works once' );
		set_transient( Rdv_Oauth::STATE_TRANSIENT . get_current_user_id(), 'other', 600 );
		$this->assertSame( 'failed', Rdv_Oauth::finish( array( 'state' => 'other', 'code' => '4/forged' ) ), 'Google refuses a forged code' );
		$this->assertSame( '', Rdv_Options::google_token() );
		$this->assertSame( 'unlinked', Rdv_Google::state()['state'] );
	}

	/** « Associer »: offline access, consent forced, the state stored; the callback links. */
	public function test_linking_stores_the_grant_and_never_prints_it() {
		$this->act_as( 'rdv_admin_oauth' );
		Rdv_Test_Google::point_at( Rdv_Test_Google::sandbox_url() );
		$page = $this->section();
		$this->assertStringContainsString( 'value="' . Rdv_Oauth::LINK . '"', $page );
		$this->assertStringContainsString( esc_html( Rdv_Oauth::redirect_uri() ), $page, 'the URI to register is shown' );
		$this->assertStringNotContainsString( Rdv_Test_Google::CLIENT_SECRET, $page );

		$go = $this->post( Rdv_Oauth::LINK, array() );
		$this->assertStringStartsWith( Rdv_Test_Google::sandbox_url() . 'o/oauth2/v2/auth?', $go->location );
		parse_str( (string) parse_url( $go->location, PHP_URL_QUERY ), $q );
		$this->assertSame( 'offline', $q['access_type'] );
		$this->assertSame( 'consent', $q['prompt'] );
		$this->assertSame( Rdv_Test_Google::CLIENT_ID, $q['client_id'] );
		$this->assertSame( Rdv_Oauth::redirect_uri(), $q['redirect_uri'] );
		$this->assertSame( get_transient( Rdv_Oauth::STATE_TRANSIENT . get_current_user_id() ), $q['state'] );
		$this->assertStringContainsString( 'calendar.events', $q['scope'] );

		$this->assertSame( 'linked', Rdv_Test_Google::link_through_oauth() );
		$this->assertSame( 'ok', Rdv_Google::state()['state'] );
		$this->assertSame( Rdv_Test_Google::EMAIL, Rdv_Google::settings()['account_email'] );
		$token = Rdv_Options::google_token();
		$this->assertNotSame( '', $token );
		global $wpdb;
		$this->assertSame( 'no', $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", 'rdv_compagnon_google_token' ) ) );

		$page = $this->section();
		$this->assertStringContainsString( Rdv_Test_Google::EMAIL, $page );
		$this->assertStringContainsString( 'value="' . Rdv_Oauth::REVOKE . '"', $page );
		$this->assertMatchesRegularExpression(
			'/<form[^>]*onsubmit="return window\.confirm\(&quot;Dissocier le compte Google/u',
			$page,
			'unlinking stops online booking: asked once more, in French'
		);
		$this->assertStringNotContainsString( 'value="' . Rdv_Oauth::LINK . '"', $page );
		$this->assertStringNotContainsString( $token, $page );
		$this->assertStringNotContainsString( Rdv_Test_Google::CLIENT_SECRET, $page );
	}

	/** « Dissocier » revokes the grant at Google (the token refreshes no more) and forgets it. */
	public function test_unlinking_revokes_at_google() {
		$this->act_as( 'rdv_admin_oauth' );
		Rdv_Test_Google::link_through_oauth();
		$token = Rdv_Options::google_token();
		$done  = $this->post( Rdv_Oauth::REVOKE, array() );
		$this->assertStringContainsString( 'rdv_google=unlinked', $done->location );
		$this->assertSame( '', Rdv_Options::google_token() );
		$this->assertSame( 'unlinked', Rdv_Google::state()['state'] );
		$refresh = wp_remote_post(
			Rdv_Google::endpoint( 'token' ),
			array( 'body' => http_build_query( array( 'grant_type' => 'refresh_token', 'refresh_token' => $token, 'client_id' => Rdv_Test_Google::CLIENT_ID, 'client_secret' => Rdv_Test_Google::CLIENT_SECRET ), '', '&' ) )
		);
		$this->assertSame( 400, wp_remote_retrieve_response_code( $refresh ) );
		$this->assertSame( 'invalid_grant', json_decode( wp_remote_retrieve_body( $refresh ), true )['error'] );
	}

	/** Saving keeps the secret when its field is left empty; a bad address saves nothing. */
	public function test_saving_the_settings() {
		$this->act_as( 'rdv_admin_oauth' );
		Rdv_Test_Google::point_at( Rdv_Test_Google::sandbox_url() );
		$fields = array(
			'rdv_google_client_id'     => ' other-client.apps.googleusercontent.com ',
			'rdv_google_client_secret' => '',
			'rdv_google_calendar_id'   => 'cabinet@group.calendar.google.com',
			'rdv_google_time_zone'     => 'Europe/Brussels',
			'rdv_google_base_url'      => '',
		);
		$this->assertStringContainsString( 'rdv_google=saved', $this->post( Rdv_Oauth::SAVE, $fields )->location );
		$s = Rdv_Google::settings();
		$this->assertSame( 'other-client.apps.googleusercontent.com', $s['client_id'] );
		$this->assertSame( Rdv_Test_Google::CLIENT_SECRET, $s['client_secret'], 'kept' );
		$this->assertSame( 'cabinet@group.calendar.google.com', Rdv_Google::calendar_id() );
		$this->assertSame( 'Europe/Brussels', Rdv_Google::time_zone()->getName() );
		$this->assertSame( 'https://www.googleapis.com/calendar/v3/', Rdv_Google::endpoint( 'calendar' ), 'empty = Google' );

		foreach ( array( 'rdv_google_base_url' => 'javascript:alert(1)', 'rdv_google_time_zone' => 'Mars/Olympus' ) as $field => $bad ) {
			$before = Rdv_Google::settings();
			$this->assertStringContainsString( 'rdv_google=bad_', $this->post( Rdv_Oauth::SAVE, array_merge( $fields, array( $field => $bad, 'rdv_google_client_id' => 'changed' ) ) )->location );
			$this->assertSame( $before, Rdv_Google::settings(), 'nothing saved' );
		}
	}

	/** Every action checks the capability; the forms' actions check their nonce. */
	public function test_only_managers_with_a_nonce_act() {
		Rdv_Test_Google::point_at( Rdv_Test_Google::sandbox_url() );
		$this->act_as( 'rdv_subscriber_oauth', 'subscriber' );
		foreach ( array( 'save', 'link', 'callback', 'revoke' ) as $handler ) {
			$this->assertSame( 403, $this->run_handler( array( Rdv_Oauth::class, $handler ) )->getCode(), $handler );
		}
		$this->act_as( 'rdv_admin_oauth' );
		$_POST    = array(
			'rdv_google_client_id' => 'forged',
			'_wpnonce'             => 'forged',
		);
		$_REQUEST = $_POST;
		foreach ( array( 'save', 'link', 'revoke' ) as $handler ) {
			$this->assertSame( 403, $this->run_handler( array( Rdv_Oauth::class, $handler ) )->getCode(), $handler );
		}
		$this->assertSame( Rdv_Test_Google::CLIENT_ID, Rdv_Google::settings()['client_id'] );
		$this->assertFalse( get_transient( Rdv_Oauth::STATE_TRANSIENT . get_current_user_id() ) );
	}
}
