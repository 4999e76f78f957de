<?php
/**
 * The slots the booking form offers: the PHP port of rdv_core::availability::site_slots (Rust),
 * proven identical by the shared vectors of wordpress/tests/vectors/slots.json.
 *
 * The rule (docs/booking-site-plugin.md, « Les créneaux »), per appointment type bookable online
 * and per local date of [from, to) in the calendar's zone:
 * 1. the published availability instances offering the type (no `rdv.type`: every type) that
 *    START on that local date are united (overlapping or touching ones become one);
 * 2. slots start at each united range's start and step by the type's interval (default: its
 *    duration) in elapsed seconds — DST-correct — as long as the whole appointment fits;
 * 3. a slot is dropped if [start − buffer before, end + buffer after) overlaps busy time or a
 *    booking, if it starts before now + notice, if its date is past today + horizon, or if the
 *    date already holds maxPerDay bookings of the type.
 *
 * Pure: no WordPress call, no I/O, no clock (now is an argument).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * The slot engine.
 */
final class Rdv_Slots {
	/** The longest date range one computation accepts, in days (as rdv_core's MAX_DAYS). */
	public const MAX_DAYS = 731;
	/** Exception code: the asked type is not in the configuration. */
	public const UNKNOWN_TYPE = 1;
	/** Exception code: the date range is longer than MAX_DAYS. */
	public const RANGE_TOO_LONG = 2;

	/**
	 * The slots offered for each type bookable online (in the configuration's order; only
	 * `$only_type` when given) over local dates [$from_date, $to_date).
	 *
	 * @param array             $types        The configuration's appointmentTypes (JSON arrays).
	 * @param array             $availability [ ['start'=>DateTimeImmutable,'end'=>…,'types'=>?string[]], … ].
	 * @param array             $busy         [ ['start'=>DateTimeImmutable,'end'=>…], … ].
	 * @param array             $bookings     [ ['type'=>string,'start'=>DateTimeImmutable,'end'=>…], … ].
	 * @param DateTimeImmutable $now          The current instant.
	 * @param string            $tz           The calendar's zone (`Europe/Paris`).
	 * @param string            $from_date    First local date, `Y-m-d`, inclusive.
	 * @param string            $to_date      Last local date, `Y-m-d`, exclusive.
	 * @param string|null       $only_type    Only this type id.
	 * @return array<string, array<int, array{start:string,end:string,startLocal:string,endLocal:string}>>
	 * @throws InvalidArgumentException UNKNOWN_TYPE or RANGE_TOO_LONG (its code), or a bad date/zone.
	 */
	public static function compute( array $types, array $availability, array $busy, array $bookings, DateTimeImmutable $now, string $tz, string $from_date, string $to_date, ?string $only_type ): array {
		$zone = self::zone( $tz );
		$from = self::date( $from_date );
		$to   = self::date( $to_date );
		$days = (int) $from->diff( $to )->format( '%r%a' );
		if ( $days > self::MAX_DAYS ) {
			throw new InvalidArgumentException( "range too long: $days days", self::RANGE_TOO_LONG );
		}
		if ( null !== $only_type && ! in_array( $only_type, array_map( static fn( $t ) => (string) ( $t['id'] ?? '' ), $types ), true ) ) {
			throw new InvalidArgumentException( 'unknown appointment type', self::UNKNOWN_TYPE );
		}
		$from_key = $from->format( 'Y-m-d' );
		$to_key   = $to->format( 'Y-m-d' );

		$intervals = array();
		foreach ( array_merge( $busy, $bookings ) as $b ) {
			$intervals[] = array( $b['start']->getTimestamp(), $b['end']->getTimestamp() );
		}
		$timeline = self::unite( self::sorted( array_filter( $intervals, static fn( $i ) => $i[0] < $i[1] ) ) );
		$booked   = array();
		foreach ( $bookings as $b ) {
			$key            = $b['type'] . '|' . self::local_date( $b['start']->getTimestamp(), $zone );
			$booked[ $key ] = ( $booked[ $key ] ?? 0 ) + 1;
		}
		$today = self::local_date( $now->getTimestamp(), $zone );

		// The openings by the local date they start on, in [from, to).
		$days_openings = array();
		foreach ( $availability as $o ) {
			$s = $o['start']->getTimestamp();
			$e = $o['end']->getTimestamp();
			if ( $s >= $e ) {
				continue;
			}
			$date = self::local_date( $s, $zone );
			if ( $date < $from_key || $date >= $to_key ) {
				continue;
			}
			$days_openings[ $date ][] = array( $s, $e, $o['types'] ?? null );
		}
		ksort( $days_openings, SORT_STRING );

		$out = array();
		foreach ( $types as $t ) {
			$id = (string) $t['id'];
			if ( null !== $only_type && $id !== $only_type ) {
				continue;
			}
			$slots = array();
			if ( (bool) ( $t['bookableOnline'] ?? true ) ) {
				foreach ( $days_openings as $date => $openings ) {
					if ( self::day_closed( $t, (string) $date, $today, $booked ) ) {
						continue;
					}
					$ranges = array();
					foreach ( $openings as $o ) {
						if ( null === $o[2] || in_array( $id, $o[2], true ) ) {
							$ranges[] = array( $o[0], $o[1] );
						}
					}
					self::step( $t, self::unite( self::sorted( $ranges ) ), $timeline, $now->getTimestamp(), $zone, $slots );
				}
			}
			$out[ $id ] = $slots;
		}
		return $out;
	}

	/**
	 * Whether type $t offers nothing on $date: unusable duration/interval, past the horizon, or
	 * its daily cap reached.
	 */
	private static function day_closed( array $t, string $date, string $today, array $booked ): bool {
		if ( self::duration( $t ) <= 0 || self::interval( $t ) <= 0 ) {
			return true;
		}
		if ( isset( $t['horizonDays'] ) ) {
			$last = ( new DateTimeImmutable( $today, new DateTimeZone( 'UTC' ) ) )->modify( '+' . (int) $t['horizonDays'] . ' days' )->format( 'Y-m-d' );
			if ( $date > $last ) {
				return true;
			}
		}
		if ( isset( $t['maxPerDay'] ) ) {
			return ( $booked[ $t['id'] . '|' . $date ] ?? 0 ) >= (int) $t['maxPerDay'];
		}
		return false;
	}

	/**
	 * Appends to $out the slots of $t stepping through $ranges (sorted, disjoint).
	 */
	private static function step( array $t, array $ranges, array $timeline, int $now, DateTimeZone $zone, array &$out ): void {
		$duration = self::duration( $t );
		$interval = self::interval( $t );
		$before   = max( 0, (int) ( $t['bufferBeforeMinutes'] ?? 0 ) ) * 60;
		$after    = max( 0, (int) ( $t['bufferAfterMinutes'] ?? 0 ) ) * 60;
		$earliest = $now + max( 0, (int) ( $t['minNoticeMinutes'] ?? 0 ) ) * 60;
		foreach ( $ranges as [ $start, $end ] ) {
			for ( $s = $start; $s + $duration <= $end; $s += $interval ) {
				$e = $s + $duration;
				if ( $s >= $earliest && ! self::overlaps( $timeline, $s - $before, $e + $after ) ) {
					$out[] = array(
						'start'      => gmdate( 'Y-m-d\TH:i:s\Z', $s ),
						'end'        => gmdate( 'Y-m-d\TH:i:s\Z', $e ),
						'startLocal' => self::local( $s, $zone ),
						'endLocal'   => self::local( $e, $zone ),
					);
				}
			}
		}
	}

	/** The type's duration, seconds. */
	private static function duration( array $t ): int {
		return (int) ( $t['durationMinutes'] ?? 0 ) * 60;
	}

	/** The step between slot starts, seconds (the duration unless set). */
	private static function interval( array $t ): int {
		return (int) ( $t['slotIntervalMinutes'] ?? $t['durationMinutes'] ?? 0 ) * 60;
	}

	/** Intervals sorted by start, then end. */
	private static function sorted( array $intervals ): array {
		$intervals = array_values( $intervals );
		usort( $intervals, static fn( $a, $b ) => $a[0] <=> $b[0] ?: $a[1] <=> $b[1] );
		return $intervals;
	}

	/** Unites sorted intervals that overlap or touch. */
	private static function unite( array $sorted ): array {
		$out = array();
		foreach ( $sorted as [ $s, $e ] ) {
			$n = count( $out );
			if ( $n > 0 && $s <= $out[ $n - 1 ][1] ) {
				$out[ $n - 1 ][1] = max( $out[ $n - 1 ][1], $e );
			} else {
				$out[] = array( $s, $e );
			}
		}
		return $out;
	}

	/** Whether [$start, $end) overlaps one of the disjoint sorted intervals (binary search). */
	private static function overlaps( array $timeline, int $start, int $end ): bool {
		$lo = 0;
		$hi = count( $timeline );
		while ( $lo < $hi ) {
			$mid = intdiv( $lo + $hi, 2 );
			if ( $timeline[ $mid ][1] <= $start ) {
				$lo = $mid + 1;
			} else {
				$hi = $mid;
			}
		}
		return $lo < count( $timeline ) && $timeline[ $lo ][0] < $end;
	}

	/** The local date (`Y-m-d`) of a Unix instant in $zone. */
	private static function local_date( int $t, DateTimeZone $zone ): string {
		return ( new DateTimeImmutable( '@' . $t ) )->setTimezone( $zone )->format( 'Y-m-d' );
	}

	/** RFC 3339 in $zone with the offset in force: `2026-11-24T14:30:00+01:00`. */
	private static function local( int $t, DateTimeZone $zone ): string {
		return ( new DateTimeImmutable( '@' . $t ) )->setTimezone( $zone )->format( 'Y-m-d\TH:i:sP' );
	}

	/** A zone by name, or InvalidArgumentException. */
	private static function zone( string $tz ): DateTimeZone {
		try {
			return new DateTimeZone( $tz );
		} catch ( Exception $e ) {
			throw new InvalidArgumentException( 'unknown time zone' );
		}
	}

	/** A `Y-m-d` date (midnight UTC), or InvalidArgumentException. */
	private static function date( string $ymd ): DateTimeImmutable {
		$d = DateTimeImmutable::createFromFormat( '!Y-m-d', $ymd, new DateTimeZone( 'UTC' ) );
		if ( false === $d || $d->format( 'Y-m-d' ) !== $ymd ) {
			throw new InvalidArgumentException( 'invalid date' );
		}
		return $d;
	}
}
