<?php
/**
 * The booking records (docs/booking-endpoint.md § Bookings, § Retention, § Erasure): the only
 * code that writes the tables rdv_bookings, rdv_tombstones and rdv_changes.
 *
 * Every change of a record takes a new stamp (a row of rdv_changes): the change feed is ordered
 * by it and cursors name one. Erased or expired records become tombstones, kept 30 days.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Booking records, tombstones and the change feed.
 */
final class Rdv_Records {
	/** How long a tombstone stays in the feed, days. */
	public const TOMBSTONE_DAYS = 30;
	/** Default page size of the feed. */
	public const DEFAULT_LIMIT = 100;
	/** Largest page size. */
	public const MAX_LIMIT = 500;
	/** SMS kinds with a status column. */
	public const KINDS = array( 'confirmation', 'reminder', 'cancellation' );
	/** SMS statuses. */
	public const STATUSES = array( 'pending', 'sent', 'delivered', 'failed', 'none' );
	/** Booking sources (`rdv.source`). */
	public const SOURCES = array( 'site', 'app', 'phone', 'google' );

	private const COLUMNS = array( 'event_id', 'calendar_id', 'appointment_type', 'source', 'first_name', 'last_name', 'phone', 'email', 'consent_at', 'consent_version', 'starts_at', 'ends_at', 'sms_confirmation', 'sms_reminder', 'sms_cancellation', 'created_at', 'cancelled_at', 'cancel_reason' );

	/**
	 * An instant as stored (`Y-m-d H:i:s`, UTC).
	 *
	 * @param DateTimeInterface $t Instant.
	 */
	public static function sql_time( DateTimeInterface $t ): string {
		return DateTimeImmutable::createFromInterface( $t )->setTimezone( new DateTimeZone( 'UTC' ) )->format( 'Y-m-d H:i:s' );
	}

	/**
	 * A stored instant as RFC 3339 UTC (`2026-11-20T08:14:03Z`), null for null.
	 *
	 * @param ?string $sql Stored value.
	 */
	public static function rfc3339( ?string $sql ): ?string {
		if ( null === $sql || '' === $sql ) {
			return null;
		}
		return Rdv_Clock::rfc3339( new DateTimeImmutable( $sql, new DateTimeZone( 'UTC' ) ) );
	}

	/**
	 * A stored instant as a DateTimeImmutable (UTC), null for null.
	 *
	 * @param ?string $sql Stored value.
	 */
	public static function instant( ?string $sql ): ?DateTimeImmutable {
		return ( null === $sql || '' === $sql ) ? null : new DateTimeImmutable( $sql, new DateTimeZone( 'UTC' ) );
	}

	/** A new change stamp. */
	public static function next_stamp(): int {
		global $wpdb;
		$wpdb->query( 'INSERT INTO ' . Rdv_Schema::table( 'rdv_changes' ) . ' () VALUES ()' ); // phpcs:ignore WordPress.DB.PreparedSQL -- no input.
		return (int) $wpdb->insert_id;
	}

	/** How deep this request is inside `locked()`. */
	private static int $lock_depth = 0;

	/**
	 * Runs `$f` holding the change lock (a MariaDB/MySQL named lock, per site): a writer takes a
	 * stamp and writes its row under it, and the feed reads under it, so a reader never sees a
	 * later stamp while an earlier one is still being written — which would make a cursor skip
	 * that change (the feed is at least once, never lost). Re-entrant within a request.
	 *
	 * @param callable $f Work.
	 * @return mixed What `$f` returns.
	 * @throws RuntimeException When the lock stays busy for 10 seconds (a 500: the app retries).
	 */
	public static function locked( callable $f ) {
		global $wpdb;
		$name = substr( $wpdb->prefix . 'rdv_compagnon_changes', 0, 64 );
		if ( 0 === self::$lock_depth && '1' !== (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $name, 10 ) ) ) {
			throw new RuntimeException( 'Rdv_Records: the change lock stayed busy' );
		}
		++self::$lock_depth;
		try {
			return $f();
		} finally {
			--self::$lock_depth;
			if ( 0 === self::$lock_depth ) {
				$wpdb->get_var( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) );
			}
		}
	}

	/** The stamp of the last change (0 when none). */
	public static function high_water(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COALESCE(MAX(id), 0) FROM ' . Rdv_Schema::table( 'rdv_changes' ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- no input.
	}

	/**
	 * Creates (or replaces) a record. Keys are column names; `created_at` defaults to now,
	 * `calendar_id` to the linked calendar, SMS statuses to `none`. A tombstone of the same id
	 * is removed (the id lives again).
	 *
	 * @param array<string,mixed> $r Record.
	 * @throws InvalidArgumentException When a required column is missing.
	 */
	public static function create( array $r ): void {
		global $wpdb;
		foreach ( array( 'event_id', 'appointment_type', 'source', 'first_name', 'last_name' ) as $k ) {
			if ( ! isset( $r[ $k ] ) || ! is_string( $r[ $k ] ) || '' === $r[ $k ] ) {
				throw new InvalidArgumentException( 'Rdv_Records::create: missing ' . $k ); // phpcs:ignore WordPress.Security.EscapeOutput -- column name only.
			}
		}
		$now = self::sql_time( Rdv_Clock::now() );
		$row = array(
			'calendar_id'      => class_exists( 'Rdv_Google' ) ? Rdv_Google::calendar_id() : Rdv_Options::google()['calendar_id'],
			'phone'            => null,
			'email'            => null,
			'consent_at'       => null,
			'consent_version'  => null,
			'starts_at'        => null,
			'ends_at'          => null,
			'sms_confirmation' => 'none',
			'sms_reminder'     => 'none',
			'sms_cancellation' => 'none',
			'created_at'       => $now,
			'cancelled_at'     => null,
			'cancel_reason'    => null,
		);
		foreach ( self::COLUMNS as $c ) {
			if ( array_key_exists( $c, $r ) ) {
				$v         = $r[ $c ];
				$row[ $c ] = $v instanceof DateTimeInterface ? self::sql_time( $v ) : $v;
			}
		}
		$row['calendar_id'] = (string) $row['calendar_id'];
		$row['updated_at']  = $now;
		self::locked(
			static function () use ( $wpdb, $row ): void {
				$row['stamp'] = self::next_stamp();
				$wpdb->delete( Rdv_Schema::table( 'rdv_tombstones' ), array( 'event_id' => $row['event_id'] ) );
				$wpdb->replace( Rdv_Schema::table( 'rdv_bookings' ), $row );
			}
		);
	}

	/**
	 * A live record as stored (column => value), null if none.
	 *
	 * @param string $event_id Google event id.
	 * @return ?array<string,mixed>
	 */
	public static function get( string $event_id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . Rdv_Schema::table( 'rdv_bookings' ) . ' WHERE event_id = %s', $event_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		return is_array( $row ) ? $row : null;
	}

	/**
	 * Changes one SMS status of a record; the record enters the feed again.
	 *
	 * @param string $event_id Google event id.
	 * @param string $kind     confirmation|reminder|cancellation.
	 * @param string $status   pending|sent|delivered|failed|none.
	 * @throws InvalidArgumentException On an unknown kind or status.
	 */
	public static function set_sms_status( string $event_id, string $kind, string $status ): void {
		if ( ! in_array( $kind, self::KINDS, true ) || ! in_array( $status, self::STATUSES, true ) ) {
			throw new InvalidArgumentException( 'Rdv_Records::set_sms_status: unknown kind or status' );
		}
		self::update( $event_id, array( 'sms_' . $kind => $status ) );
	}

	/**
	 * Records the appointment's times (for the SMS texts and the reminder only; not in the API).
	 *
	 * @param string            $event_id Google event id.
	 * @param DateTimeImmutable $start    Start.
	 * @param DateTimeImmutable $end      End.
	 */
	public static function set_times( string $event_id, DateTimeImmutable $start, DateTimeImmutable $end ): void {
		global $wpdb;
		$wpdb->update(
			Rdv_Schema::table( 'rdv_bookings' ),
			array( 'starts_at' => self::sql_time( $start ), 'ends_at' => self::sql_time( $end ) ),
			array( 'event_id' => $event_id )
		);
	}

	/**
	 * Marks a record cancelled by the site now.
	 *
	 * @param string  $event_id Google event id.
	 * @param ?string $reason   Back-office reason (at most 200 characters).
	 */
	public static function mark_cancelled( string $event_id, ?string $reason ): void {
		$reason = null === $reason ? null : mb_substr( $reason, 0, 200, 'UTF-8' );
		self::update(
			$event_id,
			array(
				'cancelled_at'  => self::sql_time( Rdv_Clock::now() ),
				'cancel_reason' => $reason,
			)
		);
	}

	/**
	 * Erases records: each live one becomes a tombstone, its SMS log rows lose number and text.
	 *
	 * @param string[] $event_ids Google event ids.
	 * @return string[] The ids that were live and are now erased.
	 */
	public static function erase( array $event_ids ): array {
		global $wpdb;
		$done = array();
		$now  = self::sql_time( Rdv_Clock::now() );
		foreach ( array_unique( array_map( 'strval', $event_ids ) ) as $id ) {
			$deleted = self::locked(
				static function () use ( $wpdb, $id, $now ): bool {
					if ( ! $wpdb->delete( Rdv_Schema::table( 'rdv_bookings' ), array( 'event_id' => $id ) ) ) {
						return false;
					}
					$wpdb->replace(
						Rdv_Schema::table( 'rdv_tombstones' ),
						array( 'event_id' => $id, 'deleted_at' => $now, 'stamp' => self::next_stamp() )
					);
					return true;
				}
			);
			if ( ! $deleted ) {
				continue;
			}
			$wpdb->query( $wpdb->prepare( 'UPDATE ' . Rdv_Schema::table( 'rdv_sms' ) . ' SET phone = NULL, body = NULL WHERE event_id = %s', $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
			$done[] = $id;
		}
		return $done;
	}

	/**
	 * Live, not cancelled records with a phone whose reminder is pending and that start in
	 * [$from, $to).
	 *
	 * @param DateTimeImmutable $from From (inclusive).
	 * @param DateTimeImmutable $to   To (exclusive).
	 * @return array<int,array<string,mixed>>
	 */
	public static function due_reminders( DateTimeImmutable $from, DateTimeImmutable $to ): array {
		global $wpdb;
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				'SELECT * FROM ' . Rdv_Schema::table( 'rdv_bookings' ) . " WHERE cancelled_at IS NULL AND phone IS NOT NULL AND phone <> '' AND sms_reminder = 'pending' AND starts_at >= %s AND starts_at < %s ORDER BY starts_at", // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
				self::sql_time( $from ),
				self::sql_time( $to )
			),
			ARRAY_A
		);
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * Ids of the live records of a person: email (case-insensitive) or phone (international
	 * form) matching; oldest first.
	 *
	 * @param ?string $email Email.
	 * @param ?string $phone Phone.
	 * @return string[]
	 */
	public static function matching( ?string $email, ?string $phone ): array {
		global $wpdb;
		$email = null === $email ? null : mb_strtolower( trim( $email ), 'UTF-8' );
		$phone = null === $phone ? null : self::normalize_phone( $phone );
		$rows  = $wpdb->get_results( 'SELECT event_id, email, phone FROM ' . Rdv_Schema::table( 'rdv_bookings' ) . ' WHERE email IS NOT NULL OR phone IS NOT NULL ORDER BY created_at, event_id', ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- no input.
		$ids   = array();
		foreach ( (array) $rows as $r ) {
			$by_email = null !== $email && null !== $r['email'] && mb_strtolower( trim( (string) $r['email'] ), 'UTF-8' ) === $email;
			$by_phone = null !== $phone && null !== $r['phone'] && self::normalize_phone( (string) $r['phone'] ) === $phone;
			if ( $by_email || $by_phone ) {
				$ids[] = (string) $r['event_id'];
			}
		}
		return $ids;
	}

	/**
	 * A phone number in international form for comparison: `06 12 34 56 78` → `+33612345678`.
	 *
	 * @param string $s Phone as written.
	 */
	public static function normalize_phone( string $s ): string {
		$digits = preg_replace( '/\D+/', '', $s );
		if ( str_starts_with( ltrim( $s ), '+' ) ) {
			return '+' . $digits;
		}
		if ( str_starts_with( $digits, '00' ) ) {
			return '+' . substr( $digits, 2 );
		}
		if ( 10 === strlen( $digits ) && str_starts_with( $digits, '0' ) ) {
			return '+33' . substr( $digits, 1 );
		}
		return $digits;
	}

	/**
	 * Retention and tombstone expiry: records whose `created_at` is `retentionDays` old or more
	 * become tombstones; tombstones older than 30 days are dropped and cursors from before them
	 * expire. Runs from the daily job, after the retention is lowered, and before the feed.
	 *
	 * @return int How many records were erased for retention.
	 */
	public static function housekeeping(): int {
		global $wpdb;
		$now    = Rdv_Clock::now();
		$limit  = self::sql_time( $now->sub( new DateInterval( 'P' . Rdv_Config::retention_days() . 'D' ) ) );
		$old    = $wpdb->get_col( $wpdb->prepare( 'SELECT event_id FROM ' . Rdv_Schema::table( 'rdv_bookings' ) . ' WHERE created_at <= %s', $limit ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		$erased = self::erase( (array) $old );
		$drop   = self::sql_time( $now->sub( new DateInterval( 'P' . self::TOMBSTONE_DAYS . 'D' ) ) );
		$max    = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COALESCE(MAX(stamp), 0) FROM ' . Rdv_Schema::table( 'rdv_tombstones' ) . ' WHERE deleted_at <= %s', $drop ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		if ( $max > 0 ) {
			$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Rdv_Schema::table( 'rdv_tombstones' ) . ' WHERE deleted_at <= %s', $drop ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
			Rdv_Options::raise_cursor_floor( $max );
		}
		return count( $erased );
	}

	/**
	 * An opaque cursor: base64url(`v1.<epoch>.<stamp>`), no padding.
	 *
	 * @param string $epoch Installation epoch.
	 * @param int    $stamp Stamp.
	 */
	public static function encode_cursor( string $epoch, int $stamp ): string {
		return rtrim( strtr( base64_encode( "v1.$epoch.$stamp" ), '+/', '-_' ), '=' );
	}

	/**
	 * `[epoch, stamp]` of a cursor, null when it is not one of ours.
	 *
	 * @param string $cursor Cursor.
	 * @return ?array{0:string,1:int}
	 */
	public static function decode_cursor( string $cursor ): ?array {
		$c = trim( $cursor );
		if ( '' === $c || ! preg_match( '/^[A-Za-z0-9_-]+$/D', $c ) ) {
			return null;
		}
		$text = base64_decode( strtr( $c, '-_', '+/' ), true );
		if ( false === $text || ! preg_match( '/^v1\.([^.]*)\.([0-9]{1,18})$/D', $text, $m ) ) {
			return null;
		}
		return array( $m[1], (int) $m[2] );
	}

	/**
	 * One page of the change feed.
	 *
	 * @param ?int $after Stamp of the cursor (null: every live record).
	 * @param int  $limit Page size (1..500).
	 * @return array{items:array<int,array<string,mixed>>,nextCursor:string,hasMore:bool}
	 */
	public static function feed( ?int $after, int $limit ): array {
		return self::locked( static fn() => self::read_feed( $after, $limit ) );
	}

	/**
	 * The feed's reads (under the change lock).
	 *
	 * @param ?int $after Stamp of the cursor.
	 * @param int  $limit Page size.
	 * @return array{items:array<int,array<string,mixed>>,nextCursor:string,hasMore:bool}
	 */
	private static function read_feed( ?int $after, int $limit ): array {
		global $wpdb;
		$b = Rdv_Schema::table( 'rdv_bookings' );
		$t = Rdv_Schema::table( 'rdv_tombstones' );
		if ( null === $after ) {
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM $b ORDER BY stamp LIMIT %d", $limit + 1 ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- table names from constants.
			$rows = (array) $rows;
		} else {
			$live  = (array) $wpdb->get_results( $wpdb->prepare( "SELECT * FROM $b WHERE stamp > %d ORDER BY stamp LIMIT %d", $after, $limit + 1 ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- table names from constants.
			$tombs = (array) $wpdb->get_results( $wpdb->prepare( "SELECT event_id, deleted_at, stamp FROM $t WHERE stamp > %d ORDER BY stamp LIMIT %d", $after, $limit + 1 ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- table names from constants.
			foreach ( $tombs as &$tomb ) {
				$tomb['_deleted'] = true;
			}
			unset( $tomb );
			$rows = array_merge( $live, $tombs );
			usort( $rows, static fn( $x, $y ) => (int) $x['stamp'] <=> (int) $y['stamp'] );
		}
		$has_more = count( $rows ) > $limit;
		$rows     = array_slice( $rows, 0, $limit );
		$next     = ( $has_more && array() !== $rows ) ? (int) end( $rows )['stamp'] : max( self::high_water(), (int) $after );
		return array(
			'items'      => array_map( array( self::class, 'item_json' ), $rows ),
			'nextCursor' => self::encode_cursor( Rdv_Options::epoch(), $next ),
			'hasMore'    => $has_more,
		);
	}

	/**
	 * A feed item: a record or a tombstone.
	 *
	 * @param array<string,mixed> $row Row.
	 * @return array<string,mixed>
	 */
	public static function item_json( array $row ): array {
		if ( ! empty( $row['_deleted'] ) ) {
			return array(
				'id'        => (string) $row['event_id'],
				'deleted'   => true,
				'deletedAt' => self::rfc3339( (string) $row['deleted_at'] ),
			);
		}
		return self::record_json( $row );
	}

	/**
	 * The API's record (docs/booking-endpoint.md § Bookings).
	 *
	 * @param array<string,mixed> $row Stored row.
	 * @return array<string,mixed>
	 */
	public static function record_json( array $row ): array {
		$consent = null;
		if ( null !== $row['consent_at'] && '' !== $row['consent_at'] ) {
			$consent = array(
				'givenAt' => self::rfc3339( (string) $row['consent_at'] ),
				'version' => (string) $row['consent_version'],
			);
		}
		return array(
			'id'              => (string) $row['event_id'],
			'deleted'         => false,
			'createdAt'       => self::rfc3339( (string) $row['created_at'] ),
			'updatedAt'       => self::rfc3339( (string) $row['updated_at'] ),
			'appointmentType' => (string) $row['appointment_type'],
			'source'          => (string) $row['source'],
			'firstName'       => (string) $row['first_name'],
			'lastName'        => (string) $row['last_name'],
			'phone'           => null === $row['phone'] ? null : (string) $row['phone'],
			'email'           => null === $row['email'] ? null : (string) $row['email'],
			'consent'         => $consent,
			'sms'             => array(
				'confirmation' => (string) $row['sms_confirmation'],
				'reminder'     => (string) $row['sms_reminder'],
				'cancellation' => (string) $row['sms_cancellation'],
			),
			'cancelledAt'     => self::rfc3339( $row['cancelled_at'] ),
		);
	}

	/**
	 * Updates columns of a live record with a new stamp and `updated_at`.
	 *
	 * @param string              $event_id Google event id.
	 * @param array<string,mixed> $cols     Columns.
	 */
	private static function update( string $event_id, array $cols ): void {
		global $wpdb;
		if ( null === self::get( $event_id ) ) {
			return;
		}
		$cols['updated_at'] = self::sql_time( Rdv_Clock::now() );
		self::locked(
			static function () use ( $wpdb, $cols, $event_id ): void {
				$cols['stamp'] = self::next_stamp();
				$wpdb->update( Rdv_Schema::table( 'rdv_bookings' ), $cols, array( 'event_id' => $event_id ) );
			}
		);
	}

	/**
	 * Empties the plugin's record tables (the test harness's reset only).
	 */
	public static function truncate_all(): void {
		global $wpdb;
		foreach ( Rdv_Schema::TABLES as $t ) {
			$wpdb->query( 'TRUNCATE TABLE ' . Rdv_Schema::table( $t ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		}
	}
}
