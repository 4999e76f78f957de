<?php
/**
 * The booking form against Google (the sandbox): the weeks of slots come from the published
 * availability (across the March clock change), a patient books, the same slot again is « just
 * taken » with nothing written, a signed slot no longer offered is not booked, and the public
 * route answers times only.
 *
 * @package RdvCompagnon
 */

require_once dirname( __DIR__ ) . '/support/class-rdv-test-google.php';

/**
 * Rdv_Form with Rdv_Calendar and Rdv_Booking on the sandbox.
 */
class TestRdvFormBooking extends Rdv_Test_Case {
	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'rdv_admin_form' );
		$this->assertSame( 'linked', Rdv_Test_Google::link_through_oauth() );
		wp_set_current_user( 0 ); // A patient.
		$this->pin_now( '2027-03-24T08:00:00Z' ); // Wednesday, 9:00 in Paris.
		$config                     = Rdv_Options::config();
		$config['appointmentTypes'] = array(
			array(
				'id'               => 'consultation',
				'name'             => 'Consultation',
				'durationMinutes'  => 30,
				'minNoticeMinutes' => 60,
			),
		);
		Rdv_Options::set_config( $config );
		$_SERVER['REMOTE_ADDR'] = '203.0.113.7';
		$_SERVER['REQUEST_URI'] = '/rendez-vous/';
		// Mondays and Thursdays 9:00–12:00 from 22 March 2027, as the app publishes a weekly range.
		Rdv_Google::insert_event(
			array(
				'summary'            => 'Disponible',
				'transparency'       => 'transparent',
				'start'              => array( 'dateTime' => '2027-03-22T09:00:00', 'timeZone' => 'Europe/Paris' ),
				'end'                => array( 'dateTime' => '2027-03-22T12:00:00', 'timeZone' => 'Europe/Paris' ),
				'recurrence'         => array( 'RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4' ),
				'extendedProperties' => array( 'private' => array( 'rdv.v' => '1', 'rdv.kind' => 'availability' ) ),
			)
		);
		Rdv_Calendar::invalidate();
	}

	protected function tearDown(): void {
		foreach ( Rdv_Google::list_events( new DateTimeImmutable( '2027-03-15T00:00:00Z' ), new DateTimeImmutable( '2027-04-15T00:00:00Z' ) ) as $e ) {
			Rdv_Google::delete_event( $e['recurringEventId'] ?? $e['id'] );
		}
		Rdv_Calendar::invalidate();
		parent::tearDown();
	}

	private function post( string $start, array $over = array() ): array {
		return array_merge(
			array(
				'rdv_compagnon_step' => 'book',
				'_rdv_nonce'         => wp_create_nonce( Rdv_Form::NONCE ),
				'rdv_type'           => 'consultation',
				'rdv_slot'           => $start,
				'rdv_sig'            => Rdv_Form::sign( 'consultation', $start ),
				'rdv_last_name'      => 'Martin',
				'rdv_first_name'     => 'Jeanne',
				'rdv_phone'          => '',
				'rdv_email'          => 'jeanne.martin@example.fr',
				'rdv_consent'        => '1',
			),
			$over
		);
	}

	private function bookings(): int {
		global $wpdb;
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}rdv_bookings" ); // phpcs:ignore WordPress.DB.PreparedSQL -- fixed name.
	}

	/** @return string[] the data-rdv-slot values of a rendering. */
	private static function slots( string $html ): array {
		preg_match_all( '/data-rdv-slot="([^"]+)"/', $html, $m );
		return $m[1];
	}

	public function test_weeks_of_slots_follow_the_published_availability_across_the_march_change(): void {
		$first = self::slots( Rdv_Form::render( array( 'rdv_type' => 'consultation' ) ) );
		$this->assertSame( '2027-03-25T08:00:00Z', $first[0], 'Thursday 9:00 (+01:00): Monday is past' );
		$this->assertCount( 6, $first );
		$after = self::slots( Rdv_Form::render( array( 'rdv_type' => 'consultation', 'rdv_week' => '2027-03-29' ) ) );
		$this->assertSame( '2027-03-29T07:00:00Z', $after[0], 'Monday 9:00 is +02:00 after the change' );
		$this->assertCount( 12, $after );
	}

	public function test_a_booking_then_the_same_slot_again_is_just_taken(): void {
		$r = Rdv_Form::submit( $this->post( '2027-03-25T08:30:00Z' ) );
		$this->assertSame( 'confirmed', $r['status'], wp_json_encode( $r ) );
		$record = Rdv_Records::get( $r['booking']['event_id'] );
		$this->assertSame( 'Martin', $record['last_name'] );
		$this->assertSame( Rdv_Options::consent_version(), $record['consent_version'] );
		$this->assertStringContainsString( 'data-rdv-confirmation', Rdv_Form::render( array(), $r ) );

		Rdv_Calendar::invalidate();
		$again = Rdv_Form::submit( $this->post( '2027-03-25T08:30:00Z', array( 'rdv_last_name' => 'Durand' ) ) );
		$this->assertSame( 'taken', $again['status'] );
		$this->assertSame( 1, $this->bookings(), 'nothing written for the second patient' );
		$html = Rdv_Form::render( array( 'rdv_type' => 'consultation' ), $again );
		$this->assertStringContainsString( 'rdv-compagnon__notice--taken', $html );
		$this->assertNotContains( '2027-03-25T08:30:00Z', self::slots( $html ), 'the next slots, without the taken one' );
		$this->assertContains( '2027-03-25T09:00:00Z', self::slots( $html ) );
	}

	public function test_a_signed_slot_that_is_not_offered_is_not_booked(): void {
		foreach ( array( '2027-03-25T08:15:00Z', '2027-03-22T08:00:00Z', '2027-03-26T08:00:00Z', '2027-03-24T09:30:00Z' ) as $start ) {
			$this->assertSame( 'taken', Rdv_Form::submit( $this->post( $start ) )['status'], $start ); // Off the grid, past, Friday and Wednesday (no opening).
		}
		$this->assertSame( 0, $this->bookings() );
	}

	public function test_the_public_route_answers_times_and_never_who_booked(): void {
		$this->assertSame( 'confirmed', Rdv_Form::submit( $this->post( '2027-03-25T08:00:00Z' ) )['status'] );
		[ $status, $data, $headers ] = $this->rest( 'GET', '/rdv-compagnon/v1/public/slots', array( 'type' => 'consultation', 'week' => '2027-03-25' ) );
		$this->assertSame( 200, $status );
		$this->assertSame( '2027-03-22', $data['week'] );
		$this->assertSame( 'no-store', $headers['Cache-Control'] );
		$starts = array_merge( ...array_map( static fn( $d ) => array_column( $d['slots'], 'start' ), $data['days'] ) );
		$this->assertSame( '2027-03-25T08:30:00Z', $starts[0], 'the booked 9:00 is gone' );
		$json = wp_json_encode( $data );
		foreach ( array( 'Martin', 'Jeanne', 'example.fr', 'event' ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $json );
		}
	}
}
