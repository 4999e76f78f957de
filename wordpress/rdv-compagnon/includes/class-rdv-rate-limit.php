<?php
/**
 * Per-visitor rate limits of the public booking form: a fixed window per client address, counted
 * in a transient whose name holds a keyed hash of the address (never the address itself).
 *
 * The address is `REMOTE_ADDR` (what the web server saw). Behind a reverse proxy every visitor
 * shares the proxy's address: the host then returns the real one through the
 * `rdv_compagnon_client_ip` filter (headers such as X-Forwarded-For are forgeable, so they are
 * never read by default).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Fixed-window counters per client address.
 */
final class Rdv_Rate_Limit {
	/** Booking submissions: at most this many… */
	public const BOOKINGS_MAX = 5;
	/** …per this many seconds. */
	public const BOOKINGS_WINDOW = 600;
	/** Slot reads (pages of slots, public REST): at most this many… */
	public const READS_MAX = 60;
	/** …per this many seconds. */
	public const READS_WINDOW = 60;

	/**
	 * Counts one hit of `$bucket` for the current visitor; false when the limit is already reached
	 * (the hit is then not counted).
	 */
	public static function hit( string $bucket, int $max, int $window ): bool {
		$key   = self::key( $bucket );
		$now   = Rdv_Clock::now()->getTimestamp();
		$state = get_transient( $key );
		if ( ! is_array( $state ) || ! isset( $state['start'], $state['count'] ) || $now - (int) $state['start'] >= $window || $now < (int) $state['start'] ) {
			$state = array(
				'start' => $now,
				'count' => 0,
			);
		}
		if ( (int) $state['count'] >= $max ) {
			return false;
		}
		$state['count'] = (int) $state['count'] + 1;
		set_transient( $key, $state, $window );
		return true;
	}

	/** One booking submission: whether it may go on. */
	public static function booking(): bool {
		return self::hit( 'book', self::BOOKINGS_MAX, self::BOOKINGS_WINDOW );
	}

	/** One read of slots: whether it may go on. */
	public static function read(): bool {
		return self::hit( 'read', self::READS_MAX, self::READS_WINDOW );
	}

	/** The client's address (see the class doc). */
	public static function client_ip(): string {
		$ip = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		return (string) apply_filters( 'rdv_compagnon_client_ip', $ip );
	}

	/** The transient's name: bucket + keyed hash of the address (short: names are ≤ 172 chars). */
	private static function key( string $bucket ): string {
		return 'rdv_rl_' . $bucket . '_' . substr( hash_hmac( 'sha256', self::client_ip(), wp_salt( 'nonce' ) ), 0, 32 );
	}
}
