<?php
/**
 * Taking a booking from the patient's form: one at a time (a MySQL named lock), a fresh read of
 * Google and the slot recomputed, then the event inserted with every marker of
 * docs/calendar-conventions.md and a deterministic id (a retried request creates nothing twice),
 * then the site's record (consent, times, the reminder's plan), then the confirmation SMS
 * (Rdv_Sms's rules: each when its option is on).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Take a booking.
 */
final class Rdv_Booking {
	/** The MySQL named lock serialising bookings on this site. */
	const LOCK = 'rdv_compagnon_booking';
	/** Seconds a booking waits for another one to finish (filter `rdv_compagnon_booking_lock_wait`). */
	const LOCK_WAIT = 10;
	/** Ids tried for one request (a cancelled booking keeps its id at Google: the next is used). */
	const MAX_IDS = 3;

	/**
	 * Books `$start` for `$type` for the patient, if it is still offered.
	 *
	 * @param array  $patient         `first_name`, `last_name` (required), `phone` (E.164) and `email`
	 *                                (null or absent when not given) — already checked by Rdv_Patient.
	 * @param string $type            Appointment type id.
	 * @param string $start_rfc3339   The slot's start (RFC 3339, any offset).
	 * @param string $consent_version Version of the legal notices the patient accepted.
	 * @return array|WP_Error `{event_id, type, start, end, start_local}` (start/end RFC 3339 UTC,
	 *                        start_local with the practitioner's offset), or a WP_Error:
	 *                        `rdv_slot_taken` (409: not offered any more — show the next slots),
	 *                        `rdv_invalid` (400), `rdv_busy` (503: another booking holds the
	 *                        lock too long), `rdv_google_unavailable` (503: not linked, revoked,
	 *                        unreachable — nothing was taken).
	 */
	public static function take( array $patient, string $type, string $start_rfc3339, string $consent_version ) {
		$first = is_string( $patient['first_name'] ?? null ) ? $patient['first_name'] : '';
		$last  = is_string( $patient['last_name'] ?? null ) ? $patient['last_name'] : '';
		$phone = is_string( $patient['phone'] ?? null ) && '' !== $patient['phone'] ? $patient['phone'] : null;
		$email = is_string( $patient['email'] ?? null ) && '' !== $patient['email'] ? $patient['email'] : null;
		$start = self::parse_instant( $start_rfc3339 );
		if ( '' === $first || '' === $last || '' === $type || null === $start ) {
			return new WP_Error( 'rdv_invalid', __( 'The booking request is incomplete.', 'rdv-compagnon' ), array( 'status' => 400 ) );
		}
		if ( ! Rdv_Google::is_linked() ) {
			return self::unavailable();
		}
		if ( ! self::lock() ) {
			return new WP_Error( 'rdv_busy', __( 'Many bookings are being made right now: please try again in a moment.', 'rdv-compagnon' ), array( 'status' => 503 ) );
		}
		try {
			return self::take_locked( $first, $last, $phone, $email, $type, $start, $consent_version );
		} catch ( Rdv_Google_Error $e ) {
			return self::unavailable();
		} finally {
			self::unlock();
		}
	}

	/**
	 * The deterministic event id of a request: `rdv` + 26 base32hex digits of a hash of the
	 * calendar, the type, the start and the patient; `$attempt` > 0 for the next candidates.
	 *
	 * @param string            $type    Type id.
	 * @param DateTimeImmutable $start   Start.
	 * @param array             $patient The four fields.
	 * @param int               $attempt 0, 1, …
	 */
	public static function event_id( string $type, DateTimeImmutable $start, array $patient, int $attempt = 0 ): string {
		$key = implode(
			'|',
			array(
				'booking',
				Rdv_Google::calendar_id(),
				'site',
				$type,
				Rdv_Clock::rfc3339( $start ),
				mb_strtolower( (string) ( $patient['last_name'] ?? '' ) ),
				mb_strtolower( (string) ( $patient['first_name'] ?? '' ) ),
				(string) ( $patient['phone'] ?? '' ),
				mb_strtolower( (string) ( $patient['email'] ?? '' ) ),
			)
		);
		return Rdv_Google::event_id( 0 === $attempt ? $key : $key . '|' . $attempt );
	}

	/**
	 * What a booking at `$start` reads from Google: its local day with the day before and after
	 * (buffers reach across midnight), in UTC.
	 *
	 * @param DateTimeImmutable $start The slot's start.
	 * @return DateTimeImmutable[] [from, to).
	 */
	public static function read_range( DateTimeImmutable $start ): array {
		$midnight = $start->setTimezone( Rdv_Google::time_zone() )->setTime( 0, 0 );
		$utc      = new DateTimeZone( 'UTC' );
		return array( $midnight->modify( '-1 day' )->setTimezone( $utc ), $midnight->modify( '+2 days' )->setTimezone( $utc ) );
	}

	/**
	 * The Google event of a booking (pure): markers, summary `<Motif> – <Prénom> <Nom>`, the
	 * contact copy in the description, opaque, no attendees, times in the practitioner's zone.
	 *
	 * @param string            $id        Event id.
	 * @param array             $type      The appointment type (`id`, `name`).
	 * @param DateTimeImmutable $start     Start.
	 * @param DateTimeImmutable $end       End.
	 * @param array             $patient   The four fields (phone/email may be null).
	 * @param DateTimeImmutable $booked_at When.
	 * @param DateTimeZone      $tz        The practitioner's zone.
	 */
	public static function event( string $id, array $type, DateTimeImmutable $start, DateTimeImmutable $end, array $patient, DateTimeImmutable $booked_at, DateTimeZone $tz ): array {
		$private = array(
			'rdv.v'         => '1',
			'rdv.kind'      => 'booking',
			'rdv.type'      => (string) $type['id'],
			'rdv.source'    => 'site',
			'rdv.bookedAt'  => Rdv_Clock::rfc3339( $booked_at ),
			'rdv.lastName'  => (string) $patient['last_name'],
			'rdv.firstName' => (string) $patient['first_name'],
		);
		$contact = array();
		if ( null !== ( $patient['phone'] ?? null ) ) {
			$private['rdv.phone'] = (string) $patient['phone'];
			$contact[]            = 'Tél. : ' . $patient['phone'];
		}
		if ( null !== ( $patient['email'] ?? null ) ) {
			$private['rdv.email'] = (string) $patient['email'];
			$contact[]            = 'E-mail : ' . $patient['email'];
		}
		$at    = static fn( DateTimeImmutable $t ) => array(
			'dateTime' => $t->setTimezone( $tz )->format( 'Y-m-d\TH:i:sP' ),
			'timeZone' => $tz->getName(),
		);
		$event = array(
			'id'                 => $id,
			'status'             => 'confirmed',
			'summary'            => ( is_string( $type['name'] ?? null ) ? $type['name'] : (string) $type['id'] ) . ' – ' . $patient['first_name'] . ' ' . $patient['last_name'],
			'start'              => $at( $start ),
			'end'                => $at( $end ),
			'transparency'       => 'opaque',
			'extendedProperties' => array( 'private' => $private ),
		);
		if ( $contact ) {
			$event['description'] = implode( "\n", $contact );
		}
		return $event;
	}

	/**
	 * Everything after the lock.
	 *
	 * @param string            $first           First name.
	 * @param string            $last            Last name.
	 * @param string|null       $phone           Phone.
	 * @param string|null       $email           Email.
	 * @param string            $type            Type id.
	 * @param DateTimeImmutable $start           Start.
	 * @param string            $consent_version Consent version.
	 * @return array|WP_Error
	 * @throws Rdv_Google_Error When Google cannot be read or written.
	 */
	private static function take_locked( string $first, string $last, ?string $phone, ?string $email, string $type, DateTimeImmutable $start, string $consent_version ) {
		$patient = array(
			'first_name' => $first,
			'last_name'  => $last,
			'phone'      => $phone,
			'email'      => $email,
		);
		$tz      = Rdv_Google::time_zone();
		// A retried request (the patient pressed twice, the answer was lost): its event is there.
		for ( $attempt = 0; $attempt < self::MAX_IDS; $attempt++ ) {
			$id       = self::event_id( $type, $start, $patient, $attempt );
			$existing = Rdv_Google::get_event( $id );
			if ( null === $existing ) {
				break;
			}
			if ( 'cancelled' !== ( $existing['status'] ?? '' ) ) {
				return self::ours( $existing, $patient ) ? self::done( $id, $existing, $patient, $type, $consent_version ) : self::taken();
			}
		}
		if ( $attempt >= self::MAX_IDS ) {
			return self::taken();
		}
		list( $a, $b ) = self::read_range( $start );
		$inputs        = Rdv_Calendar::inputs( $a, $b, true );
		try {
			$slot = self::offered_slot( $inputs, $start, $type );
		} catch ( InvalidArgumentException $e ) {
			return new WP_Error( 'rdv_invalid', __( 'This appointment type cannot be booked online.', 'rdv-compagnon' ), array( 'status' => 400 ) );
		}
		$type_config = null;
		foreach ( $inputs['types'] as $t ) {
			if ( $type === $t['id'] ) {
				$type_config = $t;
			}
		}
		if ( null === $slot || null === $type_config ) {
			return self::taken();
		}
		$end   = self::parse_instant( (string) $slot['end'] );
		$event = self::event( $id, $type_config, $start, $end ?? $start, $patient, Rdv_Clock::now(), $tz );
		try {
			$created = Rdv_Google::insert_event( $event );
		} catch ( Rdv_Google_Error $e ) {
			if ( 'conflict' !== $e->reason ) {
				throw $e;
			}
			// Created by a first attempt whose answer was lost.
			$created = Rdv_Google::get_event( $id );
			if ( null === $created || ! self::ours( $created, $patient ) || 'cancelled' === ( $created['status'] ?? '' ) ) {
				return self::taken();
			}
		}
		// The lock only orders the site's own bookings: someone may have written to the calendar
		// (the app, Google Calendar) between the read and the insert. Read again without ours:
		// if the start is no longer offered, the other writer wins and ours is withdrawn.
		if ( ! self::still_offered( $start, $type, $a, $b, $id ) ) {
			Rdv_Google::delete_event( $id );
			return self::taken();
		}
		return self::done( $id, $created, $patient, $type, $consent_version );
	}

	/**
	 * The slot Rdv_Slots offers at `$start` for `$type` on its local day, null when none.
	 *
	 * @param array             $inputs Rdv_Calendar::inputs().
	 * @param DateTimeImmutable $start  Start.
	 * @param string            $type   Type id.
	 * @throws InvalidArgumentException When the type is not in the configuration.
	 */
	private static function offered_slot( array $inputs, DateTimeImmutable $start, string $type ): ?array {
		$local   = $start->setTimezone( new DateTimeZone( $inputs['tz'] ) );
		$offered = Rdv_Slots::compute( $inputs['types'], $inputs['availability'], $inputs['busy'], $inputs['bookings'], Rdv_Clock::now(), $inputs['tz'], $local->format( 'Y-m-d' ), $local->modify( '+1 day' )->format( 'Y-m-d' ), $type );
		foreach ( $offered[ $type ] ?? array() as $candidate ) {
			$at = self::parse_instant( (string) ( $candidate['start'] ?? '' ) );
			if ( null !== $at && $at == $start ) { // phpcs:ignore Universal.Operators.StrictComparisons -- same instant.
				return $candidate;
			}
		}
		return null;
	}

	/**
	 * Whether the start is still offered once our own event `$id` is left out (read afresh).
	 *
	 * @param DateTimeImmutable $start Start.
	 * @param string            $type  Type id.
	 * @param DateTimeImmutable $from  Read range start.
	 * @param DateTimeImmutable $to    Read range end.
	 * @param string            $id    Our event.
	 * @throws Rdv_Google_Error When Google cannot be read.
	 */
	private static function still_offered( DateTimeImmutable $start, string $type, DateTimeImmutable $from, DateTimeImmutable $to, string $id ): bool {
		try {
			return null !== self::offered_slot( Rdv_Calendar::inputs( $from, $to, true, $id ), $start, $type );
		} catch ( InvalidArgumentException $e ) {
			return false;
		}
	}

	/**
	 * Records the booking (once) and sends the confirmation; the answer for the form.
	 *
	 * @param string $id              The event id.
	 * @param array  $event           The event as Google has it.
	 * @param array  $patient         The four fields.
	 * @param string $type            Type id.
	 * @param string $consent_version Consent version.
	 */
	private static function done( string $id, array $event, array $patient, string $type, string $consent_version ): array {
		$start = self::parse_instant( (string) ( $event['start']['dateTime'] ?? '' ) );
		$end   = self::parse_instant( (string) ( $event['end']['dateTime'] ?? '' ) );
		if ( null === Rdv_Records::get( $id ) ) {
			Rdv_Records::create(
				array(
					'event_id'         => $id,
					'calendar_id'      => Rdv_Google::calendar_id(),
					'appointment_type' => $type,
					'source'           => 'site',
					'first_name'       => $patient['first_name'],
					'last_name'        => $patient['last_name'],
					'phone'            => $patient['phone'],
					'email'            => $patient['email'],
					'consent_at'       => Rdv_Clock::now(),
					'consent_version'  => $consent_version,
					'starts_at'        => $start,
					'ends_at'          => $end,
					'sms_reminder'     => Rdv_Sms::reminder_plan( $patient['phone'], $start ),
				)
			);
			Rdv_Sms::booked( $id );
		}
		$tz = Rdv_Google::time_zone();
		return array(
			'event_id'    => $id,
			'type'        => $type,
			'start'       => null === $start ? '' : Rdv_Clock::rfc3339( $start ),
			'end'         => null === $end ? '' : Rdv_Clock::rfc3339( $end ),
			'start_local' => null === $start ? '' : $start->setTimezone( $tz )->format( 'Y-m-d\TH:i:sP' ),
		);
	}

	/**
	 * Whether an event at our id is this patient's booking from the site.
	 *
	 * @param array $event   Event.
	 * @param array $patient The four fields.
	 */
	private static function ours( array $event, array $patient ): bool {
		$p = $event['extendedProperties']['private'] ?? array();
		return is_array( $p )
			&& 'booking' === ( $p['rdv.kind'] ?? '' )
			&& 'site' === ( $p['rdv.source'] ?? '' )
			&& $patient['last_name'] === ( $p['rdv.lastName'] ?? null )
			&& $patient['first_name'] === ( $p['rdv.firstName'] ?? null );
	}

	/** The slot is not offered any more. */
	private static function taken(): WP_Error {
		return new WP_Error( 'rdv_slot_taken', __( 'This time has just been taken. Please choose another one.', 'rdv-compagnon' ), array( 'status' => 409 ) );
	}

	/** Google cannot be used now; nothing was taken. */
	private static function unavailable(): WP_Error {
		return new WP_Error( 'rdv_google_unavailable', __( 'Online booking is unavailable for now. Please call the practice.', 'rdv-compagnon' ), array( 'status' => 503 ) );
	}

	/**
	 * An RFC 3339 instant in UTC, null when unreadable.
	 *
	 * @param string $text The instant.
	 */
	private static function parse_instant( string $text ): ?DateTimeImmutable {
		if ( ! preg_match( '/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/', $text ) ) {
			return null;
		}
		try {
			return ( new DateTimeImmutable( $text ) )->setTimezone( new DateTimeZone( 'UTC' ) );
		} catch ( Exception $e ) {
			return null;
		}
	}

	/** Takes the named lock; false after LOCK_WAIT seconds. */
	private static function lock(): bool {
		global $wpdb;
		$wait = (int) apply_filters( 'rdv_compagnon_booking_lock_wait', self::LOCK_WAIT );
		return '1' === (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', self::LOCK, max( 0, $wait ) ) );
	}

	/** Releases the named lock. */
	private static function unlock(): void {
		global $wpdb;
		$wpdb->get_var( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', self::LOCK ) );
	}
}
