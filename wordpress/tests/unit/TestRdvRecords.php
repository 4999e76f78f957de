<?php
/**
 * Rdv_Records: records, stamps, the change feed and its cursors, erasure, retention and
 * tombstone expiry, due reminders.
 *
 * @package RdvCompagnon
 */

/**
 * Booking records.
 */
class TestRdvRecords extends Rdv_Test_Case {
	private function record( string $id, string $created = '2026-11-20 08:00:00', array $more = array() ): void {
		Rdv_Records::create(
			array_merge(
				array(
					'event_id'         => $id,
					'appointment_type' => 'consultation',
					'source'           => 'site',
					'first_name'       => 'Jeanne',
					'last_name'        => 'Martin',
					'phone'            => '+33612345678',
					'email'            => 'jeanne.martin@example.fr',
					'created_at'       => $created,
				),
				$more
			)
		);
	}

	private function sms_row( string $event_id ): void {
		global $wpdb;
		$wpdb->insert(
			Rdv_Schema::table( 'rdv_sms' ),
			array( 'event_id' => $event_id, 'kind' => 'confirmation', 'phone' => '+33612345678', 'body' => 'Bonjour Jeanne', 'segments' => 1, 'encoding' => 'gsm', 'status' => 'sent', 'month' => '2026-11', 'price_per_segment' => '0.08', 'created_at' => '2026-11-20 08:00:00', 'updated_at' => '2026-11-20 08:00:00' )
		);
	}

	public function test_the_feed_pages_then_brings_only_changes(): void {
		$this->pin_now( '2026-11-26T09:00:00Z' );
		foreach ( array( 'a', 'b', 'c' ) as $id ) {
			$this->record( $id );
		}
		$first = Rdv_Records::feed( null, 2 );
		$this->assertSame( array( 'a', 'b' ), array_column( $first['items'], 'id' ) );
		$this->assertTrue( $first['hasMore'] );
		$after = Rdv_Records::decode_cursor( $first['nextCursor'] );
		$this->assertSame( Rdv_Options::epoch(), $after[0] );
		$rest = Rdv_Records::feed( $after[1], 2 );
		$this->assertSame( array( 'c' ), array_column( $rest['items'], 'id' ) );
		$this->assertFalse( $rest['hasMore'] );
		$stamp = Rdv_Records::decode_cursor( $rest['nextCursor'] )[1];
		$this->assertSame( array(), Rdv_Records::feed( $stamp, 10 )['items'], 'nothing changed' );
		$this->assertSame( $rest['nextCursor'], Rdv_Records::feed( $stamp, 10 )['nextCursor'], 'the same cursor comes back' );

		Rdv_Records::set_sms_status( 'a', 'reminder', 'delivered' );
		Rdv_Records::erase( array( 'b' ) );
		$changes = Rdv_Records::feed( $stamp, 10 )['items'];
		$this->assertSame( array( 'a', 'b' ), array_column( $changes, 'id' ) );
		$this->assertSame( 'delivered', $changes[0]['sms']['reminder'] );
		$this->assertSame( array( 'id' => 'b', 'deleted' => true, 'deletedAt' => '2026-11-26T09:00:00Z' ), $changes[1] );
		$this->assertSame( array( 'c', 'a' ), array_column( Rdv_Records::feed( null, 10 )['items'], 'id' ), 'a full read holds no tombstone, in change order' );
	}

	public function test_a_record_reads_as_the_contract_says(): void {
		$this->pin_now( '2026-11-26T09:00:00Z' );
		$this->record( 'k2l3', '2026-11-20 08:14:03', array( 'consent_at' => '2026-11-20 08:14:03', 'consent_version' => '2026-09-01' ) );
		$r = Rdv_Records::record_json( Rdv_Records::get( 'k2l3' ) );
		$this->assertSame(
			array(
				'id'              => 'k2l3',
				'deleted'         => false,
				'createdAt'       => '2026-11-20T08:14:03Z',
				'updatedAt'       => '2026-11-26T09:00:00Z',
				'appointmentType' => 'consultation',
				'source'          => 'site',
				'firstName'       => 'Jeanne',
				'lastName'        => 'Martin',
				'phone'           => '+33612345678',
				'email'           => 'jeanne.martin@example.fr',
				'consent'         => array( 'givenAt' => '2026-11-20T08:14:03Z', 'version' => '2026-09-01' ),
				'sms'             => array( 'confirmation' => 'none', 'reminder' => 'none', 'cancellation' => 'none' ),
				'cancelledAt'     => null,
			),
			$r
		);
	}

	public function test_erasure_matches_email_or_phone_in_international_form_and_strips_the_sms_log(): void {
		global $wpdb;
		$this->record( 'j1', '2026-11-01 08:00:00' );
		$this->record( 'j2', '2026-11-02 08:00:00', array( 'phone' => '06 12 34 56 78', 'email' => null ) );
		$this->record( 'l1', '2026-11-03 08:00:00', array( 'phone' => '+33711111111', 'email' => 'Louis@Example.fr' ) );
		$this->sms_row( 'j2' );
		$this->assertSame( array( 'j1', 'j2' ), Rdv_Records::matching( null, '0612345678' ) );
		$this->assertSame( array( 'l1' ), Rdv_Records::matching( 'louis@example.FR', null ) );
		$this->assertSame( array(), Rdv_Records::matching( "' OR 1=1 -- ", "' OR '1'='1" ), 'SQL is data' );
		$this->assertSame( array( 'j1', 'j2' ), Rdv_Records::erase( array( 'j1', 'j2' ) ) );
		$this->assertSame( array(), Rdv_Records::erase( array( 'j1', 'j2' ) ), 'a repeat erases nothing more' );
		$row = $wpdb->get_row( 'SELECT phone, body, segments FROM ' . Rdv_Schema::table( 'rdv_sms' ), ARRAY_A );
		$this->assertSame( array( 'phone' => null, 'body' => null, 'segments' => '1' ), $row, 'counts stay, number and text go' );
		$this->assertNull( Rdv_Records::get( 'j1' ) );
	}

	public function test_records_past_retention_become_tombstones_and_old_tombstones_expire_cursors(): void {
		$this->pin_now( '2026-11-26T09:00:00Z' );
		$this->record( 'old', '2026-07-29 09:00:00' ); // 120 days before.
		$this->record( 'young', '2026-07-30 09:00:00' );
		$this->assertSame( 1, Rdv_Records::housekeeping() );
		$this->assertNull( Rdv_Records::get( 'old' ) );
		$this->assertNotNull( Rdv_Records::get( 'young' ) );
		$floor = Rdv_Options::cursor_floor();
		$this->pin_now( '2026-12-26T09:00:00Z' ); // 30 days later: the tombstone goes.
		Rdv_Records::housekeeping();
		$this->assertGreaterThan( $floor, Rdv_Options::cursor_floor(), 'cursors before the dropped tombstone expire' );
	}

	public function test_due_reminders_are_live_pending_with_a_phone_in_the_window(): void {
		$start = array( 'starts_at' => '2026-11-27 09:00:00', 'ends_at' => '2026-11-27 09:30:00', 'sms_reminder' => 'pending' );
		$this->record( 'due', '2026-11-20 08:00:00', $start );
		$this->record( 'nophone', '2026-11-20 08:00:00', array_merge( $start, array( 'phone' => null ) ) );
		$this->record( 'sent', '2026-11-20 08:00:00', array_merge( $start, array( 'sms_reminder' => 'sent' ) ) );
		$this->record( 'later', '2026-11-20 08:00:00', array_merge( $start, array( 'starts_at' => '2026-11-28 09:00:00' ) ) );
		$this->record( 'cancelled', '2026-11-20 08:00:00', $start );
		Rdv_Records::mark_cancelled( 'cancelled', null );
		$due = Rdv_Records::due_reminders( new DateTimeImmutable( '2026-11-26T09:00:00Z' ), new DateTimeImmutable( '2026-11-27T09:00:01Z' ) );
		$this->assertSame( array( 'due' ), array_column( $due, 'event_id' ) );
	}

	public function test_writers_and_the_feed_share_a_lock_other_connections_wait_for(): void {
		global $wpdb;
		$other = new wpdb( DB_USER, DB_PASSWORD, DB_NAME, DB_HOST );
		$other->suppress_errors( true );
		$name  = substr( $wpdb->prefix . 'rdv_compagnon_changes', 0, 64 );
		$try   = static fn() => (string) $other->get_var( $other->prepare( 'SELECT GET_LOCK(%s, 0)', $name ) );
		$seen  = Rdv_Records::locked(
			static function () use ( $try ) {
				$inner = Rdv_Records::locked( $try );
				return array( $inner, $try() );
			}
		);
		$this->assertSame( array( '0', '0' ), $seen, 'busy for another connection, nested use included' );
		$this->assertSame( '1', $try(), 'released after the outermost use' );
		$other->get_var( $other->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) );
		$this->record( 'x' );
		$this->assertSame( array( 'x' ), array_column( Rdv_Records::feed( null, 10 )['items'], 'id' ), 'writers and the feed still work' );
	}

	public function test_cursors_round_trip_and_refuse_strangers(): void {
		$c = Rdv_Records::encode_cursor( 'ab12', 1234 );
		$this->assertSame( array( 'ab12', 1234 ), Rdv_Records::decode_cursor( $c ) );
		foreach ( array( '', 'abc', 'djEuYWI=', '!!', "' OR 1=1 --", str_repeat( 'A', 10000 ) ) as $bad ) {
			$this->assertNull( Rdv_Records::decode_cursor( $bad ), $bad );
		}
		$this->assertSame( '+33612345678', Rdv_Records::normalize_phone( '06 12 34 56 78' ) );
		$this->assertSame( '+33612345678', Rdv_Records::normalize_phone( '0033612345678' ) );
	}
}
