<?php
/**
 * The booking site's benchmark (scripts/bench-site.sh runs it with WordPress loaded): a calendar
 * of 2,000 more events over sixteen weeks around today, five appointment types, then
 *   - the slots of two weeks for the five types as the plugin computes them: Google read fresh
 *     (Rdv_Calendar::inputs, every page) plus the slot rule (Rdv_Slots::compute);
 *   - a booking (Rdv_Booking::take: the lock, the fresh check against Google, the insert with
 *     every marker, the record, the confirmation SMS to the stand-in).
 * Prints one line per figure (median of the runs, and the spread). Times are wall-clock on this
 * machine: a benchmark, not a test.
 *
 * @package RdvCompagnon
 */

$_SERVER['HTTP_HOST']   = (string) parse_url( (string) getenv( 'RDV_WP_URL' ), PHP_URL_HOST );
$_SERVER['REQUEST_URI'] = '/';
require getenv( 'RDV_WP_ROOT' ) . '/wp-load.php';
wp_set_current_user( 1 );

const RDV_BENCH_EVENTS = 2000;
const RDV_BENCH_RUNS   = 7;

/** Median and spread of a list of milliseconds. */
function rdv_bench_line( string $what, array $ms, string $extra = '' ): void {
	sort( $ms );
	$median = $ms[ intdiv( count( $ms ), 2 ) ];
	printf( "%-58s median %7.1f ms  (min %.1f, max %.1f, %d runs)%s\n", $what, $median, $ms[0], end( $ms ), count( $ms ), $extra ? "  $extra" : '' );
}

/** Milliseconds taken by $f. */
function rdv_bench_time( callable $f, &$result = null ): float {
	$t      = hrtime( true );
	$result = $f();
	return ( hrtime( true ) - $t ) / 1e6;
}

$tz    = new DateTimeZone( 'Europe/Paris' );
$today = new DateTimeImmutable( 'today', $tz );
$until = $today->modify( '+14 days' );

// Five appointment types, published as the app does (PUT /config with the ETag read).
$get = rest_do_request( new WP_REST_Request( 'GET', '/rdv-compagnon/v1/config' ) );
$doc = $get->get_data();
$doc['appointmentTypes'] = array(
	array( 'id' => 'consultation', 'name' => 'Consultation', 'durationMinutes' => 30, 'minNoticeMinutes' => 120, 'horizonDays' => 60 ),
	array( 'id' => 'premiere-consultation', 'name' => 'Première consultation', 'durationMinutes' => 60, 'bufferAfterMinutes' => 10, 'minNoticeMinutes' => 1440, 'horizonDays' => 60 ),
	array( 'id' => 'suivi', 'name' => 'Suivi', 'durationMinutes' => 20, 'slotIntervalMinutes' => 10, 'minNoticeMinutes' => 60, 'horizonDays' => 60 ),
	array( 'id' => 'teleconsultation', 'name' => 'Téléconsultation', 'durationMinutes' => 15, 'slotIntervalMinutes' => 15, 'maxPerDay' => 8, 'horizonDays' => 60 ),
	array( 'id' => 'bilan', 'name' => 'Bilan', 'durationMinutes' => 90, 'bufferBeforeMinutes' => 15, 'maxPerDay' => 2, 'horizonDays' => 60 ),
);
unset( $doc['sms']['pricePerSegment'], $doc['consentTextVersion'], $doc['practice'] );
$put = new WP_REST_Request( 'PUT', '/rdv-compagnon/v1/config' );
$put->set_header( 'If-Match', $get->get_headers()['ETag'] ?? '' );
$put->set_header( 'Content-Type', 'application/json' );
$put->set_body( wp_json_encode( $doc ) );
$answer = rest_do_request( $put );
if ( 200 !== $answer->get_status() ) {
	fwrite( STDERR, 'bench: PUT /config answered ' . $answer->get_status() . ': ' . wp_json_encode( $answer->get_data() ) . "\n" );
	exit( 1 );
}

// 2,000 busy events of 20 minutes over sixteen weeks around today (eight back, eight ahead: ~18 a
// day at any hour, so ~250 fall in the two weeks read), through the plugin's own client.
$seed_ms = rdv_bench_time(
	static function () use ( $today ) {
		for ( $i = 0; $i < RDV_BENCH_EVENTS; $i++ ) {
			$day   = $today->modify( ( ( $i % 112 ) - 56 ) . ' days' );
			$start = $day->setTime( 0, 0 )->modify( '+' . ( ( $i * 97 ) % ( 24 * 60 - 20 ) ) . ' minutes' );
			Rdv_Google::insert_event(
				array(
					'summary' => 'Occupé ' . $i,
					'start'   => array( 'dateTime' => $start->format( DATE_RFC3339 ), 'timeZone' => 'Europe/Paris' ),
					'end'     => array( 'dateTime' => $start->modify( '+20 minutes' )->format( DATE_RFC3339 ), 'timeZone' => 'Europe/Paris' ),
				)
			);
		}
	}
);
printf( "seeded %d events through Rdv_Google::insert_event in %.1f s\n", RDV_BENCH_EVENTS, $seed_ms / 1000 );

// The slots answer: two weeks, five types, Google read fresh every run.
$runs = array();
$read = array();
for ( $r = 0; $r < RDV_BENCH_RUNS; $r++ ) {
	$read[] = rdv_bench_time( static fn() => Rdv_Calendar::inputs( $today, $until, true ), $in );
	$runs[] = end( $read ) + rdv_bench_time(
		static fn() => Rdv_Slots::compute( $in['types'], $in['availability'], $in['busy'], $in['bookings'], Rdv_Clock::now(), $in['tz'], $today->format( 'Y-m-d' ), $until->format( 'Y-m-d' ), null ),
		$slots
	);
}
$offered = array_sum( array_map( 'count', $slots ) );
$events  = count( $in['availability'] ) + count( $in['busy'] ) + count( $in['bookings'] );
rdv_bench_line( 'slots, 2 weeks x 5 types (Google read + rule)', $runs, sprintf( '%d slots from %d events', $offered, $events ) );
rdv_bench_line( '  of which the Google read (Rdv_Calendar::inputs)', $read );

// A booking: lock, fresh check, insert, record, confirmation SMS. Each run takes another slot.
$candidates = $slots['consultation'];
$runs       = array();
for ( $r = 0; $r < RDV_BENCH_RUNS && $r < count( $candidates ); $r++ ) {
	$slot   = $candidates[ $r ];
	$runs[] = rdv_bench_time(
		static fn() => Rdv_Booking::take(
			array( 'first_name' => 'Amélie', 'last_name' => 'Bench' . $r, 'phone' => '+33612345678', 'email' => null ),
			'consultation',
			$slot['start'],
			'2026-09-01'
		),
		$taken
	);
	if ( is_wp_error( $taken ) ) {
		fwrite( STDERR, 'bench: booking refused: ' . $taken->get_error_code() . "\n" );
		exit( 1 );
	}
}
rdv_bench_line( 'a booking (Rdv_Booking::take)', $runs );
