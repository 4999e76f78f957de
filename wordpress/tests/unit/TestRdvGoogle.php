<?php
/**
 * Rdv_Google: the ids and digest shared with rdv_core, the configuration event, the Calendar
 * API against the sandbox, hostile answers, a revoked grant.
 *
 * @package RdvCompagnon
 */

require_once dirname( __DIR__ ) . '/support/class-rdv-test-google.php';

/**
 * Rdv_Google.
 */
class TestRdvGoogle extends Rdv_Test_Case {

	/** The values rdv_core pins in availability::publish::shared (the_config_id_and_digest_the_plugin_ports_are_pinned). */
	public function test_the_config_id_and_digest_are_rdv_cores() {
		$this->assertSame( 'rdv10io8fbj6091gqn6uqd5qa7a9o', Rdv_Google::config_event_id( 'cabinet@example.fr' ) );
		$this->assertSame( '9cf07307fc054932', Rdv_Google::fnv1a64_hex( '{"a":"é"}' ) );
		$this->assertMatchesRegularExpression( '/^rdv[0-9a-v]{26}$/', Rdv_Google::event_id( str_repeat( "\xff", 300 ) ) );
	}

	/** docs/calendar-conventions.md « Configuration »: parts joined, digest checked; damaged → null. */
	public function test_the_configuration_event_is_read_whole_or_not_at_all() {
		$json  = wp_json_encode( array( 'appointmentTypes' => array( array( 'id' => 'consultation', 'name' => 'Consultation — éà', 'durationMinutes' => 30 ) ) ), JSON_UNESCAPED_UNICODE );
		$event = self::config_event( $json, 7 );
		$this->assertSame( 'Consultation — éà', Rdv_Google::read_config( $event )['appointmentTypes'][0]['name'] );

		$altered = $event;
		$altered['extendedProperties']['private']['rdv.config.1'] .= ' ';
		$this->assertNull( Rdv_Google::read_config( $altered ), 'digest differs' );
		$missing = $event;
		unset( $missing['extendedProperties']['private']['rdv.config.2'] );
		$this->assertNull( Rdv_Google::read_config( $missing ), 'a part is missing' );
		$cancelled           = $event;
		$cancelled['status'] = 'cancelled';
		$this->assertNull( Rdv_Google::read_config( $cancelled ) );
		$other = $event;
		$other['extendedProperties']['private']['rdv.kind'] = 'booking';
		$this->assertNull( Rdv_Google::read_config( $other ) );
	}

	/** Against the sandbox: insert, get, list (every page, series expanded), delete twice, the config event. */
	public function test_the_calendar_api_against_the_sandbox() {
		$this->act_as( 'rdv_admin_google' );
		$this->assertSame( 'linked', Rdv_Test_Google::link_through_oauth() );
		$this->assertSame( Rdv_Test_Google::EMAIL, Rdv_Google::calendar_id(), 'the account’s main calendar by default' );
		$series = Rdv_Google::insert_event(
			array(
				'summary'      => 'Disponible',
				'start'        => array( 'dateTime' => '2027-03-01T09:00:00+01:00', 'timeZone' => 'Europe/Paris' ),
				'end'          => array( 'dateTime' => '2027-03-01T12:00:00+01:00', 'timeZone' => 'Europe/Paris' ),
				'recurrence'   => array( 'RRULE:FREQ=DAILY;COUNT=3' ),
				'transparency' => 'transparent',
			)
		);
		$this->assertIsString( $series['id'] );
		$events = Rdv_Google::list_events( new DateTimeImmutable( '2027-02-28T00:00:00Z' ), new DateTimeImmutable( '2027-03-07T00:00:00Z' ) );
		$this->assertCount( 3, $events, 'singleEvents=true expands the series' );
		$this->assertSame( $series['id'], $events[0]['recurringEventId'] );
		$this->assertSame( 'Disponible', Rdv_Google::get_event( $series['id'] )['summary'] );
		$this->assertNull( Rdv_Google::get_event( 'rdvabsent0000000000000000000' ) );
		Rdv_Google::delete_event( $series['id'] );
		Rdv_Google::delete_event( $series['id'] ); // Already gone: fine.
		$this->assertSame( array(), Rdv_Google::list_events( new DateTimeImmutable( '2027-02-28T00:00:00Z' ), new DateTimeImmutable( '2027-03-07T00:00:00Z' ) ) );

		Rdv_Google::delete_event( Rdv_Google::config_event_id( Rdv_Google::calendar_id() ) ); // Another test's.
		$this->assertNull( Rdv_Google::config_event(), 'none published' );
		$json = wp_json_encode( array( 'appointmentTypes' => array( array( 'id' => 'bilan', 'name' => 'Bilan', 'durationMinutes' => 60 ) ) ) );
		Rdv_Test_Google::publish_config( self::config_event( $json, 10 ) );
		$this->assertSame( 'bilan', Rdv_Google::config_event()['appointmentTypes'][0]['id'] );
	}

	/** A refresh token revoked at Google: state `revoked`, not linked, the admin notice says it. */
	public function test_a_revoked_grant_is_said_and_nothing_more_is_tried() {
		$this->act_as( 'rdv_admin_google' );
		Rdv_Test_Google::link_through_oauth();
		$revoke = wp_remote_post( Rdv_Google::endpoint( 'revoke' ), array( 'body' => 'token=' . rawurlencode( Rdv_Options::google_token() ) ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( $revoke ) );
		delete_transient( Rdv_Google::ACCESS_TRANSIENT ); // As after the access token's hour.
		try {
			Rdv_Google::list_events( new DateTimeImmutable( '2026-12-06T00:00:00Z' ), new DateTimeImmutable( '2026-12-07T00:00:00Z' ) );
			$this->fail( 'a revoked grant cannot read' );
		} catch ( Rdv_Google_Error $e ) {
			$this->assertSame( 'revoked', $e->reason );
		}
		$this->assertSame( 'revoked', Rdv_Google::state()['state'] );
		$this->assertFalse( Rdv_Google::is_linked() );
		ob_start();
		Rdv_Oauth::notice();
		$notice = ob_get_clean();
		$this->assertStringContainsString( 'notice-error', $notice );
		$this->assertStringNotContainsString( Rdv_Options::google_token(), $notice );
	}

	/**
	 * Answers no Google sends (captive portal HTML, cut JSON, 5xx, 5 MB, a list, a redirect,
	 * rate limits): an Rdv_Google_Error with its reason, never a PHP warning (PHPUnit fails on one).
	 */
	public function test_hostile_answers_are_errors_not_warnings() {
		$cases = array(
			'html'                => 'invalid_response',
			'truncated'           => 'invalid_response',
			'500'                 => 'unreachable',
			'huge'                => 'invalid_response',
			'list'                => 'invalid_response',
			'items-not-list'      => 'invalid_response',
			'rate'                => 'rate_limited',
			'429'                 => 'rate_limited',
			'redirect'            => 'invalid_response',
			'token-html'          => 'invalid_response',
			'token-truncated'     => 'invalid_response',
			'token-invalid-grant' => 'revoked',
		);
		foreach ( $cases as $mode => $reason ) {
			Rdv_Test_Google::point_at( Rdv_Test_Google::hostile_url() . $mode . '/' );
			Rdv_Options::set_google_token( 'hostile-refresh-token' );
			Rdv_Options::set_google_state( 'ok' );
			try {
				Rdv_Google::list_events( new DateTimeImmutable( '2026-12-06T00:00:00Z' ), new DateTimeImmutable( '2026-12-07T00:00:00Z' ) );
				$this->fail( "$mode: no error" );
			} catch ( Rdv_Google_Error $e ) {
				$this->assertSame( $reason, $e->reason, $mode );
				$this->assertStringNotContainsString( 'hostile-refresh-token', $e->getMessage() );
			}
		}
		$this->assertSame( 'revoked', Rdv_Google::state()['state'], 'invalid_grant marks the grant revoked' );

		Rdv_Test_Google::point_at( 'http://127.0.0.1:9/' ); // Nothing listens on the discard port.
		Rdv_Options::set_google_token( 'hostile-refresh-token' );
		try {
			Rdv_Google::get_event( 'x' );
			$this->fail( 'unreachable' );
		} catch ( Rdv_Google_Error $e ) {
			$this->assertSame( 'unreachable', $e->reason );
		}
	}

	/**
	 * A configuration event as rdv_core's config_resource writes it.
	 *
	 * @param string      $json  The configuration's JSON.
	 * @param int         $size  Bytes per part (1000 in rdv_core; smaller here to have parts).
	 * @param string|null $id    Event id.
	 */
	private static function config_event( string $json, int $size, ?string $id = null ): array {
		$private = array(
			'rdv.v'                  => '1',
			'rdv.kind'               => 'config',
			'rdv.config.digest'      => Rdv_Google::fnv1a64_hex( $json ),
			'rdv.config.windowFrom'  => '2026-11-30',
			'rdv.config.publishedAt' => '2026-11-30T08:00:00Z',
			'rdv.config.publishedBy' => Rdv_Test_Google::EMAIL,
		);
		$parts   = mb_str_split( $json, 1, 'UTF-8' );
		$chunks  = array( '' );
		foreach ( $parts as $char ) {
			if ( strlen( end( $chunks ) . $char ) > $size ) {
				$chunks[] = '';
			}
			$chunks[ count( $chunks ) - 1 ] .= $char;
		}
		$private['rdv.config.parts'] = (string) count( $chunks );
		foreach ( $chunks as $i => $chunk ) {
			$private[ 'rdv.config.' . $i ] = $chunk;
		}
		$event = array(
			'summary'            => 'RDV Compagnon — réglages des disponibilités (ne pas supprimer)',
			'start'              => array( 'date' => '2000-01-01' ),
			'end'                => array( 'date' => '2000-01-02' ),
			'transparency'       => 'transparent',
			'visibility'         => 'private',
			'extendedProperties' => array( 'private' => $private ),
		);
		if ( null !== $id ) {
			$event['id'] = $id;
		}
		return $event;
	}
}
