<?php
/**
 * What the slot engine needs for a range of days: the appointment types, and every event of the
 * calendar sorted into availability instances, bookings and busy time
 * (docs/calendar-conventions.md). Rdv_Slots::compute does the rest.
 *
 * The types are the site's configuration (what the app sends to `PUT /config`: canonical, the
 * booking horizon checked against the retention period); before the app has sent one, those of
 * the configuration event the app published in the calendar.
 *
 * Reads are cached briefly (CACHE_TTL) so a patient paging through weeks does not hit Google on
 * every click; every booking invalidates the cache, and Rdv_Booking reads fresh.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * The calendar, as slot inputs.
 */
final class Rdv_Calendar {
	/** Seconds a read is reused. */
	const CACHE_TTL = 60;
	/** Option: the cache generation, bumped by invalidate(). */
	const GENERATION_OPTION = 'rdv_compagnon_calendar_generation';

	/**
	 * The inputs of Rdv_Slots::compute for events overlapping [$from, $to).
	 *
	 * @param DateTimeImmutable $from      Start of the range.
	 * @param DateTimeImmutable $to        End of the range.
	 * @param bool              $fresh     Read Google now, ignoring the cache (taking a booking).
	 * @param string|null       $except_id Leave this event out (a booking checking it is still
	 *                                     alone in its slot); implies $fresh, nothing cached.
	 * @return array{types:array,availability:array,busy:array,bookings:array,tz:string}
	 * @throws Rdv_Google_Error When Google cannot be read.
	 */
	public static function inputs( DateTimeImmutable $from, DateTimeImmutable $to, bool $fresh = false, ?string $except_id = null ): array {
		$key    = 'rdv_compagnon_cal_' . md5( Rdv_Clock::rfc3339( $from ) . '|' . Rdv_Clock::rfc3339( $to ) . '|' . self::generation() . '|' . Rdv_Google::calendar_id() );
		$cached = $fresh || null !== $except_id ? false : get_transient( $key );
		$types  = self::types( Rdv_Options::config() );
		if ( is_array( $cached ) && isset( $cached['sorted'], $cached['types'] ) ) {
			$sorted = $cached['sorted'];
			$types  = $types ? $types : $cached['types'];
		} else {
			if ( ! $types ) {
				$types = self::types( Rdv_Google::config_event() ?? array() );
			}
			$events = Rdv_Google::list_events( $from, $to );
			if ( null !== $except_id ) {
				$events = array_filter( $events, static fn( $e ) => ( $e['id'] ?? null ) !== $except_id );
			}
			$sorted = self::sort_events( $events );
			if ( null === $except_id ) {
				set_transient(
					$key,
					array(
						'sorted' => $sorted,
						'types'  => $types,
					),
					self::CACHE_TTL
				);
			}
		}
		$sorted['types'] = $types;
		$sorted['tz']    = Rdv_Google::time_zone()->getName();
		return $sorted;
	}

	/** Forgets every cached read (after a booking, a cancellation, a relink). */
	public static function invalidate(): void {
		update_option( self::GENERATION_OPTION, self::generation() + 1, false );
	}

	/**
	 * The appointment types of a configuration, as written in its JSON (Rdv_Slots applies the
	 * defaults). Entries without a string id are dropped.
	 *
	 * @param array $config The configuration (docs/templates.md).
	 * @return array[]
	 */
	public static function types( array $config ): array {
		$types = $config['appointmentTypes'] ?? array();
		if ( ! is_array( $types ) ) {
			return array();
		}
		return array_values(
			array_filter(
				$types,
				static fn( $t ) => is_array( $t ) && is_string( $t['id'] ?? null ) && '' !== $t['id']
			)
		);
	}

	/**
	 * Sorts raw events (pure, no I/O): `availability` (rdv.kind=availability, timed:
	 * start, end, types = the `rdv.type` ids or null for every type), `bookings`
	 * (rdv.kind=booking, timed: type, start, end), `busy` (every other timed event that is not
	 * transparent). Cancelled events, all-day events and events with unreadable times are left
	 * out. Times are DateTimeImmutable in UTC.
	 *
	 * @param array[] $events Raw events (events.list items, singleEvents=true).
	 * @return array{availability:array,busy:array,bookings:array}
	 */
	public static function sort_events( array $events ): array {
		$out = array(
			'availability' => array(),
			'busy'         => array(),
			'bookings'     => array(),
		);
		foreach ( $events as $event ) {
			if ( ! is_array( $event ) || 'cancelled' === ( $event['status'] ?? '' ) ) {
				continue;
			}
			$start = self::instant( $event['start'] ?? null );
			$end   = self::instant( $event['end'] ?? null );
			if ( null === $start || null === $end || $end <= $start ) {
				continue;
			}
			$private = $event['extendedProperties']['private'] ?? array();
			$private = is_array( $private ) ? $private : array();
			$kind    = is_string( $private['rdv.kind'] ?? null ) ? trim( $private['rdv.kind'] ) : '';
			$type    = is_string( $private['rdv.type'] ?? null ) ? trim( $private['rdv.type'] ) : '';
			if ( 'availability' === $kind ) {
				$ids                   = array_values( array_filter( array_map( 'trim', explode( ',', $type ) ), 'strlen' ) );
				$out['availability'][] = array(
					'start' => $start,
					'end'   => $end,
					'types' => $ids ? $ids : null,
				);
			} elseif ( 'booking' === $kind ) {
				$out['bookings'][] = array(
					'type'  => $type,
					'start' => $start,
					'end'   => $end,
				);
			} elseif ( 'config' !== $kind && 'transparent' !== ( $event['transparency'] ?? 'opaque' ) ) {
				$out['busy'][] = array(
					'start' => $start,
					'end'   => $end,
				);
			}
		}
		return $out;
	}

	/**
	 * A timed start/end (`dateTime`, RFC 3339 with offset) in UTC; null for an all-day date or
	 * an unreadable value.
	 *
	 * @param mixed $when The event's start or end object.
	 */
	private static function instant( $when ): ?DateTimeImmutable {
		$text = is_array( $when ) ? ( $when['dateTime'] ?? null ) : null;
		if ( ! is_string( $text ) || ! preg_match( '/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/', $text ) ) {
			return null;
		}
		try {
			return ( new DateTimeImmutable( $text ) )->setTimezone( new DateTimeZone( 'UTC' ) );
		} catch ( Exception $e ) {
			return null;
		}
	}

	/** The current cache generation. */
	private static function generation(): int {
		return (int) get_option( self::GENERATION_OPTION, 0 );
	}
}
