<?php
/**
 * Rdv_Calendar: events sorted into the slot engine's inputs (pure), the types' source, the cache.
 *
 * @package RdvCompagnon
 */

require_once dirname( __DIR__ ) . '/support/class-rdv-test-google.php';

/**
 * Rdv_Calendar.
 */
class TestRdvCalendar extends Rdv_Test_Case {

	/**
	 * A timed event.
	 *
	 * @param string $start   Start (RFC 3339).
	 * @param string $end     End.
	 * @param array  $private Private properties.
	 * @param array  $more    Other fields.
	 */
	private static function event( string $start, string $end, array $private = array(), array $more = array() ): array {
		$e = array(
			'id'    => 'e' . md5( $start . wp_json_encode( $private ) . wp_json_encode( $more ) ),
			'start' => array( 'dateTime' => $start ),
			'end'   => array( 'dateTime' => $end ),
		);
		if ( $private ) {
			$e['extendedProperties'] = array( 'private' => $private );
		}
		return array_merge( $e, $more );
	}

	/** docs/calendar-conventions.md: availability (with its types), bookings, busy; the rest left out. */
	public function test_events_are_sorted_as_the_conventions_say() {
		$utc    = static fn( string $t ) => new DateTimeImmutable( $t, new DateTimeZone( 'UTC' ) );
		$sorted = Rdv_Calendar::sort_events(
			array(
				self::event( '2026-12-08T09:00:00+01:00', '2026-12-08T12:00:00+01:00', array( 'rdv.kind' => 'availability' ), array( 'transparency' => 'transparent' ) ),
				self::event( '2026-12-08T14:00:00+01:00', '2026-12-08T16:00:00+01:00', array( 'rdv.kind' => ' availability ', 'rdv.type' => 'consultation, bilan ,' ), array( 'transparency' => 'transparent' ) ),
				self::event( '2026-12-08T09:00:00+01:00', '2026-12-08T09:30:00+01:00', array( 'rdv.kind' => 'booking', 'rdv.type' => 'consultation' ) ),
				self::event( '2026-12-08T10:00:00Z', '2026-12-08T10:45:00Z', array(), array( 'summary' => 'Dentiste' ) ),
				self::event( '2026-12-08T11:00:00Z', '2026-12-08T12:00:00Z', array(), array( 'transparency' => 'transparent' ) ),
				self::event( '2026-12-08T13:00:00Z', '2026-12-08T14:00:00Z', array(), array( 'status' => 'cancelled' ) ),
				array( 'id' => 'allday', 'start' => array( 'date' => '2026-12-08' ), 'end' => array( 'date' => '2026-12-09' ) ),
				self::event( 'demain 9h', '2026-12-08T14:00:00Z' ),
				self::event( '2026-12-08T15:00:00Z', '2026-12-08T14:00:00Z' ),
				array( 'id' => 'no-times' ),
				'not an event',
			)
		);
		$this->assertEquals(
			array(
				array( 'start' => $utc( '2026-12-08T08:00:00' ), 'end' => $utc( '2026-12-08T11:00:00' ), 'types' => null ),
				array( 'start' => $utc( '2026-12-08T13:00:00' ), 'end' => $utc( '2026-12-08T15:00:00' ), 'types' => array( 'consultation', 'bilan' ) ),
			),
			$sorted['availability']
		);
		$this->assertEquals( array( array( 'type' => 'consultation', 'start' => $utc( '2026-12-08T08:00:00' ), 'end' => $utc( '2026-12-08T08:30:00' ) ) ), $sorted['bookings'] );
		$this->assertEquals( array( array( 'start' => $utc( '2026-12-08T10:00:00' ), 'end' => $utc( '2026-12-08T10:45:00' ) ) ), $sorted['busy'], 'only the timed, opaque, live, unmarked event' );
		$this->assertSame( 'UTC', $sorted['busy'][0]['start']->getTimezone()->getName() );
	}

	/**
	 * The types are the site's configuration (sent by the app); before the app sent one, the
	 * calendar's configuration event's. Reads are cached until invalidate().
	 */
	public function test_types_come_from_the_site_then_the_calendar_and_reads_are_cached() {
		$this->act_as( 'rdv_admin_calendar' );
		$this->assertSame( 'linked', Rdv_Test_Google::link_through_oauth() );
		$from = new DateTimeImmutable( '2027-04-05T00:00:00Z' );
		$to   = new DateTimeImmutable( '2027-04-06T00:00:00Z' );
		foreach ( Rdv_Google::list_events( $from, $to ) as $e ) {
			Rdv_Google::delete_event( $e['id'] );
		}
		Rdv_Google::delete_event( Rdv_Google::config_event_id( Rdv_Google::calendar_id() ) );
		$config                     = Rdv_Options::config();
		$config['appointmentTypes'] = array();
		Rdv_Options::set_config( $config );
		$this->assertSame( array(), Rdv_Calendar::inputs( $from, $to )['types'], 'nothing published anywhere' );

		$json    = '{"appointmentTypes":[{"id":"bilan","name":"Bilan","durationMinutes":60}]}';
		$private = array(
			'rdv.v'             => '1',
			'rdv.kind'          => 'config',
			'rdv.config.parts'  => '1',
			'rdv.config.0'      => $json,
			'rdv.config.digest' => Rdv_Google::fnv1a64_hex( $json ),
		);
		Rdv_Test_Google::publish_config(
			array(
				'start'              => array( 'date' => '2000-01-01' ),
				'end'                => array( 'date' => '2000-01-02' ),
				'transparency'       => 'transparent',
				'extendedProperties' => array( 'private' => $private ),
			)
		);
		Rdv_Calendar::invalidate(); // The app published behind the plugin's back: as after the cache's minute.
		$inputs = Rdv_Calendar::inputs( $from, $to );
		$this->assertSame( 'bilan', $inputs['types'][0]['id'], 'the calendar’s configuration' );
		$this->assertSame( array(), $inputs['busy'] );
		Rdv_Test_Google::insert_behind_the_plugins_back( self::event( '2027-04-05T09:00:00Z', '2027-04-05T10:00:00Z' ) );
		$this->assertSame( array(), Rdv_Calendar::inputs( $from, $to )['busy'], 'cached' );
		Rdv_Calendar::invalidate();
		$inputs = Rdv_Calendar::inputs( $from, $to );
		$this->assertCount( 1, $inputs['busy'] );
		$this->assertSame( 'Europe/Paris', $inputs['tz'] );

		$config['appointmentTypes'] = array( array( 'id' => 'consultation', 'name' => 'Consultation', 'durationMinutes' => 30 ) );
		Rdv_Options::set_config( $config );
		$this->assertSame( array( 'consultation' ), array_column( Rdv_Calendar::inputs( $from, $to )['types'], 'id' ), 'the site’s configuration first' );
	}
}
