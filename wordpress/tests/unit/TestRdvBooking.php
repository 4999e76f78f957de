<?php
/**
 * Rdv_Booking::take against the sandbox: every marker, the record, two patients for one slot,
 * a retried request, a foreign event inserted after the patient's read, the lock, Google gone.
 *
 * @package RdvCompagnon
 */

require_once dirname( __DIR__ ) . '/support/class-rdv-test-google.php';

/**
 * Taking a booking.
 */
class TestRdvBooking extends Rdv_Test_Case {
	const JEANNE = array(
		'first_name' => 'Jeanne',
		'last_name'  => 'Martin',
		'phone'      => '+33612345678',
		'email'      => 'jeanne.martin@example.fr',
	);
	const PAUL   = array(
		'first_name' => 'Paul',
		'last_name'  => 'Durand',
		'phone'      => null,
		'email'      => 'paul.durand@example.fr',
	);

	/**
	 * Linked to the sandbox, a consultation of 30 minutes, now pinned on Monday 7 December 2026.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->pin_now( '2026-12-07T08:00:00Z' );
		$this->act_as( 'rdv_admin_booking' );
		$this->assertSame( 'linked', Rdv_Test_Google::link_through_oauth() );
		$config                     = Rdv_Options::config();
		$config['appointmentTypes'] = array(
			array(
				'id'              => 'consultation',
				'name'            => 'Consultation',
				'durationMinutes' => 30,
			),
		);
		Rdv_Options::set_config( $config );
	}

	/**
	 * Opens a day from 09:00 to 10:00, Paris time, and clears what earlier tests left on it
	 * (the sandbox lives for the whole run).
	 *
	 * @param string $date `Y-m-d`.
	 */
	private function open_day( string $date ): void {
		$from = new DateTimeImmutable( $date . 'T00:00:00', new DateTimeZone( 'Europe/Paris' ) );
		foreach ( Rdv_Google::list_events( $from, $from->modify( '+1 day' ) ) as $e ) {
			Rdv_Google::delete_event( $e['id'] );
		}
		Rdv_Google::insert_event(
			array(
				'summary'            => 'Disponible',
				'start'              => array( 'dateTime' => $date . 'T09:00:00+01:00', 'timeZone' => 'Europe/Paris' ),
				'end'                => array( 'dateTime' => $date . 'T10:00:00+01:00', 'timeZone' => 'Europe/Paris' ),
				'transparency'       => 'transparent',
				'visibility'         => 'private',
				'extendedProperties' => array(
					'private' => array(
						'rdv.v'    => '1',
						'rdv.kind' => 'availability',
					),
				),
			)
		);
		Rdv_Calendar::invalidate();
	}

	/** The bookings Google holds on a day. */
	private function bookings_on( string $date ): array {
		$from   = new DateTimeImmutable( $date . 'T00:00:00', new DateTimeZone( 'Europe/Paris' ) );
		$events = Rdv_Google::list_events( $from, $from->modify( '+1 day' ) );
		return array_values( array_filter( $events, static fn( $e ) => 'booking' === ( $e['extendedProperties']['private']['rdv.kind'] ?? '' ) ) );
	}

	/** The number of site records. */
	private function record_count(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Rdv_Schema::table( 'rdv_bookings' ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name.
	}

	/** docs/calendar-conventions.md « Bookings »: every marker, and the site's record with consent. */
	public function test_a_booking_carries_every_marker_and_is_recorded() {
		$this->open_day( '2026-12-09' );
		$config                           = Rdv_Options::config();
		$config['sms']['reminderEnabled'] = true;
		Rdv_Options::set_config( $config );
		$result = Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-09T09:00:00+01:00', '2026-09-01' );
		$this->assertIsArray( $result, is_wp_error( $result ) ? $result->get_error_code() : '' );
		$this->assertSame( '2026-12-09T08:00:00Z', $result['start'] );
		$this->assertSame( '2026-12-09T08:30:00Z', $result['end'] );
		$this->assertSame( '2026-12-09T09:00:00+01:00', $result['start_local'] );
		$this->assertMatchesRegularExpression( '/^rdv[0-9a-v]{26}$/', $result['event_id'] );

		$event = Rdv_Google::get_event( $result['event_id'] );
		$this->assertSame(
			array(
				'rdv.bookedAt'  => '2026-12-07T08:00:00Z',
				'rdv.email'     => 'jeanne.martin@example.fr',
				'rdv.firstName' => 'Jeanne',
				'rdv.kind'      => 'booking',
				'rdv.lastName'  => 'Martin',
				'rdv.phone'     => '+33612345678',
				'rdv.source'    => 'site',
				'rdv.type'      => 'consultation',
				'rdv.v'         => '1',
			),
			self::sorted( $event['extendedProperties']['private'] )
		);
		$this->assertSame( 'Consultation – Jeanne Martin', $event['summary'] );
		$this->assertSame( "Tél. : +33612345678\nE-mail : jeanne.martin@example.fr", $event['description'] );
		$this->assertSame( 'Europe/Paris', $event['start']['timeZone'] );
		$this->assertSame( '2026-12-09T08:00:00Z', Rdv_Clock::rfc3339( new DateTimeImmutable( $event['start']['dateTime'] ) ) );
		$this->assertSame( 'confirmed', $event['status'] );
		$this->assertArrayNotHasKey( 'attendees', $event, 'the patient is never invited' );
		$this->assertNotSame( 'transparent', $event['transparency'] ?? 'opaque' );

		$record = Rdv_Records::get( $result['event_id'] );
		$this->assertSame( 'site', $record['source'] );
		$this->assertSame( 'consultation', $record['appointment_type'] );
		$this->assertSame( 'Jeanne', $record['first_name'] );
		$this->assertSame( '+33612345678', $record['phone'] );
		$this->assertSame( '2026-12-07 08:00:00', $record['consent_at'] );
		$this->assertSame( '2026-09-01', $record['consent_version'] );
		$this->assertSame( '2026-12-09 08:00:00', $record['starts_at'] );
		$this->assertSame( '2026-12-09 08:30:00', $record['ends_at'] );
		$this->assertSame( 'pending', $record['sms_reminder'], 'reminders on, a phone: the day-before reminder is planned (Rdv_Sms::reminder_plan)' );
		$this->assertSame( 'none', $record['sms_confirmation'], 'confirmations off' );
	}

	/** Two patients for one slot: exactly one gets it; the other can take the next one. */
	public function test_two_patients_for_one_slot_exactly_one_gets_it() {
		$this->open_day( '2026-12-10' );
		$first  = Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-10T08:00:00Z', '2026-09-01' );
		$second = Rdv_Booking::take( self::PAUL, 'consultation', '2026-12-10T08:00:00Z', '2026-09-01' );
		$this->assertIsArray( $first );
		$this->assertWPError( $second, 'rdv_slot_taken' );
		$this->assertSame( 409, $second->get_error_data()['status'] );
		$this->assertCount( 1, $this->bookings_on( '2026-12-10' ) );
		$this->assertSame( 1, $this->record_count(), 'nothing recorded for the refused patient' );

		$next = Rdv_Booking::take( self::PAUL, 'consultation', '2026-12-10T08:30:00Z', '2026-09-01' );
		$this->assertIsArray( $next );
		$this->assertCount( 2, $this->bookings_on( '2026-12-10' ) );
		$this->assertSame( 'Paul', Rdv_Records::get( $next['event_id'] )['first_name'] );
		$this->assertNull( Rdv_Records::get( $next['event_id'] )['phone'] );
	}

	/** A retried request (double submit, lost answer) creates nothing twice. */
	public function test_a_retried_request_creates_nothing_twice() {
		$this->open_day( '2026-12-12' );
		$first = Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-12T08:00:00Z', '2026-09-01' );
		$again = Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-12T08:00:00Z', '2026-09-01' );
		$this->assertIsArray( $again );
		$this->assertSame( $first, $again );
		$this->assertCount( 1, $this->bookings_on( '2026-12-12' ) );
		$this->assertSame( 1, $this->record_count() );
	}

	/**
	 * The form read the calendar (cached); someone then typed an event at that time in Google:
	 * the booking reads Google afresh and refuses — nothing inserted, nothing recorded.
	 */
	public function test_a_foreign_event_after_the_patients_read_wins() {
		$this->open_day( '2026-12-14' );
		// The very range the booking reads, cached as the form's read leaves it.
		list( $from, $to ) = Rdv_Booking::read_range( new DateTimeImmutable( '2026-12-14T08:00:00Z' ) );
		$this->assertSame( array(), Rdv_Calendar::inputs( $from, $to )['busy'] );
		Rdv_Test_Google::insert_behind_the_plugins_back(
			array(
				'summary' => 'Dentiste',
				'start'   => array( 'dateTime' => '2026-12-14T09:15:00+01:00' ),
				'end'     => array( 'dateTime' => '2026-12-14T09:45:00+01:00' ),
			)
		);
		$this->assertSame( array(), Rdv_Calendar::inputs( $from, $to )['busy'], 'the form’s read is cached' );

		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-14T08:00:00Z', '2026-09-01' ), 'rdv_slot_taken' );
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-14T08:30:00Z', '2026-09-01' ), 'rdv_slot_taken' );
		$this->assertSame( array(), $this->bookings_on( '2026-12-14' ) );
		$this->assertSame( 0, $this->record_count() );
	}

	/**
	 * Someone writes to the calendar (the app, Google Calendar) after the booking's fresh read
	 * and before its insert — reproduced by writing the other event just as the plugin sends its
	 * insert: the other writer wins, the site's event is withdrawn, nothing recorded.
	 */
	public function test_a_foreign_event_between_the_read_and_the_insert_wins() {
		$this->open_day( '2026-12-22' );
		$fired      = false;
		$interleave = static function ( $pre, $args, $url ) use ( &$fired ) {
			if ( ! $fired && 'POST' === $args['method'] && str_ends_with( (string) parse_url( $url, PHP_URL_PATH ), '/events' ) && str_contains( (string) $args['body'], '"rdv.source":"site"' ) ) {
				$fired = true;
				Rdv_Test_Google::insert_behind_the_plugins_back(
					array(
						'summary' => 'Réunion',
						'start'   => array( 'dateTime' => '2026-12-22T09:00:00+01:00' ),
						'end'     => array( 'dateTime' => '2026-12-22T09:30:00+01:00' ),
					)
				);
			}
			return $pre;
		};
		add_filter( 'pre_http_request', $interleave, 10, 3 );
		try {
			$result = Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-22T08:00:00Z', '2026-09-01' );
		} finally {
			remove_filter( 'pre_http_request', $interleave, 10 );
		}
		$this->assertTrue( $fired, 'the other write happened between the read and the insert' );
		$this->assertWPError( $result, 'rdv_slot_taken' );
		$this->assertSame( array(), $this->bookings_on( '2026-12-22' ), 'the site’s event is withdrawn' );
		$from   = new DateTimeImmutable( '2026-12-22T00:00:00', new DateTimeZone( 'Europe/Paris' ) );
		$titles = array_column( Rdv_Google::list_events( $from, $from->modify( '+1 day' ) ), 'summary' );
		$this->assertContains( 'Réunion', $titles );
		$this->assertSame( 0, $this->record_count() );
		$this->assertIsArray( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-22T08:30:00Z', '2026-09-01' ), 'the next slot is still free' );
	}

	/** While another request holds the booking lock, a booking waits, then gives up cleanly. */
	public function test_bookings_are_serialised_by_the_lock() {
		$this->open_day( '2026-12-16' );
		$other = new wpdb( DB_USER, DB_PASSWORD, DB_NAME, DB_HOST ); // A second connection: another PHP request.
		$this->assertSame( '1', $other->get_var( "SELECT GET_LOCK('rdv_compagnon_booking', 0)" ) );
		$no_wait = static fn() => 0;
		add_filter( 'rdv_compagnon_booking_lock_wait', $no_wait );
		try {
			$busy = Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-16T08:00:00Z', '2026-09-01' );
			$this->assertWPError( $busy, 'rdv_busy' );
			$this->assertSame( array(), $this->bookings_on( '2026-12-16' ) );
			$this->assertSame( 0, $this->record_count() );
			$other->get_var( "SELECT RELEASE_LOCK('rdv_compagnon_booking')" );
			$this->assertIsArray( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-16T08:00:00Z', '2026-09-01' ) );
			$this->assertSame( '1', $other->get_var( "SELECT IS_FREE_LOCK('rdv_compagnon_booking')" ), 'released after the booking' );
		} finally {
			remove_filter( 'rdv_compagnon_booking_lock_wait', $no_wait );
			$other->close();
		}
	}

	/** A time that is not offered, a type that does not exist, bad input: refused, nothing written. */
	public function test_what_is_not_offered_is_refused() {
		$this->open_day( '2026-12-18' );
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-18T08:10:00Z', '2026-09-01' ), 'rdv_slot_taken', 'off the grid' );
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-18T11:00:00Z', '2026-09-01' ), 'rdv_slot_taken', 'outside the availability' );
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'bilan', '2026-12-18T08:00:00Z', '2026-09-01' ), 'rdv_invalid' );
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', "2026-12-18T08:00:00Z' OR 1=1 --", '2026-09-01' ), 'rdv_invalid' );
		$this->assertWPError( Rdv_Booking::take( array( 'first_name' => 'Jeanne' ), 'consultation', '2026-12-18T08:00:00Z', '2026-09-01' ), 'rdv_invalid' );
		$this->pin_now( '2026-12-18T08:30:00Z' );
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-18T08:00:00Z', '2026-09-01' ), 'rdv_slot_taken', 'in the past' );
		$this->assertSame( array(), $this->bookings_on( '2026-12-18' ) );
		$this->assertSame( 0, $this->record_count() );
	}

	/** Google unlinked or the grant revoked: online booking unavailable, nothing taken. */
	public function test_without_google_nothing_is_taken() {
		$this->open_day( '2026-12-20' );
		Rdv_Google::mark_revoked();
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-20T08:00:00Z', '2026-09-01' ), 'rdv_google_unavailable' );
		Rdv_Options::set_google_state( 'ok' );
		Rdv_Options::set_google_token( '' );
		$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-20T08:00:00Z', '2026-09-01' ), 'rdv_google_unavailable' );
		foreach ( array( 'html', '500', 'truncated' ) as $mode ) {
			Rdv_Test_Google::point_at( Rdv_Test_Google::hostile_url() . $mode . '/' );
			Rdv_Options::set_google_token( 'hostile-refresh-token' );
			Rdv_Options::set_google_state( 'ok' );
			$this->assertWPError( Rdv_Booking::take( self::JEANNE, 'consultation', '2026-12-20T08:00:00Z', '2026-09-01' ), 'rdv_google_unavailable', $mode );
		}
		$this->assertSame( 0, $this->record_count() );
		global $wpdb;
		$this->assertSame( '1', $wpdb->get_var( "SELECT IS_FREE_LOCK('rdv_compagnon_booking')" ), 'the lock is released on every path' );
	}

	/**
	 * Asserts a WP_Error with a code.
	 *
	 * @param mixed  $value   The value.
	 * @param string $code    Expected code.
	 * @param string $message Message on failure.
	 */
	private function assertWPError( $value, string $code, string $message = '' ): void {
		$this->assertInstanceOf( WP_Error::class, $value, $message );
		$this->assertSame( $code, $value->get_error_code(), $message );
	}

	/**
	 * The array sorted by key.
	 *
	 * @param array $a The array.
	 */
	private static function sorted( array $a ): array {
		ksort( $a );
		return $a;
	}
}
