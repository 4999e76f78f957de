<?php
/**
 * The one clock of the plugin. Code never calls time() or new DateTimeImmutable('now') for a
 * rule: it asks Rdv_Clock::now(), which tests pin with the `rdv_compagnon_now` filter.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Current instant, UTC.
 */
final class Rdv_Clock {
	/**
	 * The current instant in UTC. The `rdv_compagnon_now` filter may return another
	 * DateTimeImmutable (tests pin time with it).
	 */
	public static function now(): DateTimeImmutable {
		$now = new DateTimeImmutable( 'now', new DateTimeZone( 'UTC' ) );
		$pinned = apply_filters( 'rdv_compagnon_now', null );
		if ( $pinned instanceof DateTimeImmutable ) {
			return $pinned->setTimezone( new DateTimeZone( 'UTC' ) );
		}
		return $now;
	}

	/**
	 * RFC 3339 UTC with a `Z`, seconds precision: `2026-11-20T08:14:03Z`.
	 */
	public static function rfc3339( DateTimeInterface $t ): string {
		return DateTimeImmutable::createFromInterface( $t )->setTimezone( new DateTimeZone( 'UTC' ) )->format( 'Y-m-d\TH:i:s\Z' );
	}
}
