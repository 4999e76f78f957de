<?php
/**
 * Rdv_Clock: the plugin's one clock, pinned by the `rdv_compagnon_now` filter.
 *
 * @package RdvCompagnon
 */

class TestRdvClock extends Rdv_Test_Case {
	public function test_a_pinned_instant_is_what_the_plugin_reads_in_utc(): void {
		$this->pin_now( '2027-03-28T00:59:59+01:00' );
		$now = Rdv_Clock::now();
		$this->assertSame( 'UTC', $now->getTimezone()->getName() );
		$this->assertSame( '2027-03-27T23:59:59Z', Rdv_Clock::rfc3339( $now ) );
	}

	public function test_unpinned_the_clock_is_the_systems(): void {
		$before = time();
		$now    = Rdv_Clock::now()->getTimestamp();
		$this->assertGreaterThanOrEqual( $before, $now );
		$this->assertLessThanOrEqual( time(), $now );
	}

	public function test_rfc3339_drops_the_offset_and_sub_seconds(): void {
		$t = new DateTimeImmutable( '2026-11-20T09:14:03.999+01:00' );
		$this->assertSame( '2026-11-20T08:14:03Z', Rdv_Clock::rfc3339( $t ) );
	}
}
