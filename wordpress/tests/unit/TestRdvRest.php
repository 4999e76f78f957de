<?php
/**
 * Rdv_Rest in-process: authentication on every route, the error envelope, ETags, the feed, the
 * 1.1 additions, and hostile input (no credentials, SQL, script, 10,000-character values).
 *
 * @package RdvCompagnon
 */

/**
 * The contract's routes.
 */
class TestRdvRest extends Rdv_Test_Case {
	private const NS = '/rdv-compagnon/v1';

	/** Every private route with a plausible body. */
	private function routes(): array {
		return array(
			array( 'GET', '/status', array() ),
			array( 'GET', '/config', array() ),
			array( 'PUT', '/config', array( 'retentionDays' => 90 ) ),
			array( 'GET', '/bookings', array() ),
			array( 'PUT', '/bookings/evt1', $this->app_booking() ),
			array( 'POST', '/bookings/evt1/cancel', array( 'notifyPatient' => false ) ),
			array( 'POST', '/bookings/evt1/moved', array( 'start' => '2026-12-01T09:00:00Z', 'end' => '2026-12-01T09:30:00Z', 'notifyPatient' => false ) ),
			array( 'GET', '/sms/usage', array() ),
			array( 'GET', '/erasure', array( 'email' => 'jeanne.martin@example.fr' ) ),
			array( 'POST', '/erasure', array( 'email' => 'jeanne.martin@example.fr' ) ),
		);
	}

	private function app_booking( array $more = array() ): array {
		return array_merge(
			array(
				'appointmentType' => 'consultation',
				'source'          => 'app',
				'firstName'       => 'Jeanne',
				'lastName'        => 'Martin',
				'phone'           => '06 12 34 56 78',
				'email'           => 'jeanne.martin@example.fr',
				'start'           => '2026-12-01T09:00:00+01:00',
				'end'             => '2026-12-01T09:30:00+01:00',
				'notifyPatient'   => false,
			),
			$more
		);
	}

	/** A fingerprint of everything the plugin stores. */
	private function state(): string {
		global $wpdb;
		$out = array();
		foreach ( Rdv_Schema::TABLES as $t ) {
			$out[ $t ] = $wpdb->get_results( 'SELECT * FROM ' . Rdv_Schema::table( $t ), ARRAY_A );
		}
		$out['options'] = $wpdb->get_results( $wpdb->prepare( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE %s ORDER BY option_name", 'rdv\_compagnon\_%' ), ARRAY_A );
		return md5( serialize( $out ) );
	}

	private function seed( string $id = 'evt1' ): void {
		Rdv_Records::create( array( 'event_id' => $id, 'appointment_type' => 'consultation', 'source' => 'site', 'first_name' => 'Jeanne', 'last_name' => 'Martin', 'phone' => '+33612345678', 'email' => 'jeanne.martin@example.fr' ) );
	}

	public function test_every_private_route_refuses_anonymous_and_unprivileged_callers_and_writes_nothing(): void {
		$this->seed();
		$before = $this->state();
		foreach ( $this->routes() as list( $method, $route, $body ) ) {
			list( $status, $data ) = $this->rest( $method, self::NS . $route, $body, array( 'If-Match' => '*' ) );
			$this->assertSame( 401, $status, "$method $route anonymous" );
			$this->assertSame( 'rest_forbidden', $data['code'] );
		}
		$this->act_as( 'rdv-subscriber', 'subscriber' );
		foreach ( $this->routes() as list( $method, $route, $body ) ) {
			list( $status, $data ) = $this->rest( $method, self::NS . $route, $body, array( 'If-Match' => '*' ) );
			$this->assertSame( 403, $status, "$method $route without the capability" );
			$this->assertSame( 'rest_forbidden', $data['code'] );
		}
		$this->assertSame( $before, $this->state(), 'nothing written' );
	}

	public function test_answers_are_never_cached(): void {
		$this->act_as( 'rdv-admin' );
		$request  = new WP_REST_Request( 'GET', self::NS . '/status' );
		$response = apply_filters( 'rest_post_dispatch', rest_do_request( $request ), rest_get_server(), $request );
		$this->assertStringContainsString( 'no-store', $response->get_headers()['Cache-Control'] );
	}

	public function test_config_etags_304_428_412(): void {
		$this->act_as( 'rdv-admin' );
		list( $status, $doc, $headers ) = $this->rest( 'GET', self::NS . '/config' );
		$this->assertSame( 200, $status );
		$etag = $headers['ETag'];
		$this->assertSame( 120, $doc['retentionDays'], 'a fresh plugin keeps 120 days' );
		$this->assertSame( 304, $this->rest( 'GET', self::NS . '/config', array(), array( 'If-None-Match' => 'W/' . $etag ) )[0] );
		$doc['appointmentTypes'] = array( array( 'id' => 'consultation', 'name' => 'Consultation', 'durationMinutes' => 30 ) );
		$this->assertSame( 428, $this->rest( 'PUT', self::NS . '/config', $doc )[0] );
		list( $status, $error ) = $this->rest( 'PUT', self::NS . '/config', $doc, array( 'If-Match' => '"stale"' ) );
		$this->assertSame( array( 412, 'rdv_precondition_failed', $etag ), array( $status, $error['code'], $error['data']['etag'] ) );
		list( $status, $stored, $headers ) = $this->rest( 'PUT', self::NS . '/config', $doc, array( 'If-Match' => $etag ) );
		$this->assertSame( 200, $status );
		$this->assertNotSame( $etag, $headers['ETag'] );
		$this->assertSame( '#3F51B5', $stored['appointmentTypes'][0]['colour'], 'canonical' );
	}

	public function test_a_horizon_beyond_retention_is_refused_in_french_on_its_field(): void {
		$this->act_as( 'rdv-admin' );
		list( , $doc, $headers ) = $this->rest( 'GET', self::NS . '/config' );
		$doc['appointmentTypes'] = array( array( 'id' => 'c', 'name' => 'C', 'durationMinutes' => 30, 'horizonDays' => 200 ) );
		list( $status, $error ) = $this->rest( 'PUT', self::NS . '/config', $doc, array( 'If-Match' => $headers['ETag'] ) );
		$this->assertSame( array( 400, 'rest_invalid_param' ), array( $status, $error['code'] ) );
		$this->assertSame( array( 'appointmentTypes[0].horizonDays' ), array_keys( $error['data']['params'] ) );
		$message = $error['data']['params']['appointmentTypes[0].horizonDays'];
		$this->assertSame( Rdv_Config::horizon_message( 200, 120 ), $message );
		if ( is_textdomain_loaded( 'rdv-compagnon' ) && 'fr_FR' === determine_locale() ) {
			$this->assertSame( "L'horizon de réservation (200 jours) ne peut pas dépasser la durée de conservation (120 jours).", $message );
		}
	}

	public function test_lowering_retention_erases_at_once(): void {
		$this->act_as( 'rdv-admin' );
		$this->pin_now( '2026-11-26T09:00:00Z' );
		Rdv_Records::create( array( 'event_id' => 'mid', 'appointment_type' => 'c', 'source' => 'site', 'first_name' => 'A', 'last_name' => 'B', 'created_at' => '2026-08-18 09:00:00' ) );
		list( , $doc, $headers ) = $this->rest( 'GET', self::NS . '/config' );
		$doc['appointmentTypes'] = array( array( 'id' => 'c', 'name' => 'C', 'durationMinutes' => 30 ) );
		$doc['retentionDays']    = 90;
		$this->assertSame( 200, $this->rest( 'PUT', self::NS . '/config', $doc, array( 'If-Match' => $headers['ETag'] ) )[0] );
		$this->assertNull( Rdv_Records::get( 'mid' ), '100 days old, 90 days kept' );
	}

	public function test_sql_in_every_parameter_is_refused_or_inert(): void {
		$this->act_as( 'rdv-admin' );
		$this->seed();
		$before = $this->state();
		$sql    = "' OR '1'='1'; DROP TABLE wp_rdv_bookings; -- ";
		$this->assertSame( 400, $this->rest( 'GET', self::NS . '/bookings', array( 'cursor' => $sql ) )[0] );
		$this->assertSame( 400, $this->rest( 'GET', self::NS . '/bookings', array( 'limit' => $sql ) )[0] );
		$this->assertSame( 400, $this->rest( 'GET', self::NS . '/sms/usage', array( 'month' => $sql ) )[0] );
		$this->assertSame( 400, $this->rest( 'GET', self::NS . '/erasure', array( 'email' => $sql ) )[0] );
		list( $status, $preview ) = $this->rest( 'POST', self::NS . '/erasure', array( 'phone' => "06 12 34 56 78'; DROP TABLE wp_rdv_bookings; --", 'dryRun' => true ) );
		$this->assertSame( 200, $status );
		$this->assertSame( array( 'evt1' ), $preview['ids'], 'the digits are compared, nothing else' );
		$this->assertSame( 404, $this->rest( 'POST', self::NS . '/bookings/' . rawurlencode( $sql ) . '/cancel' )[0] );
		$this->assertSame( 400, $this->rest( 'PUT', self::NS . '/bookings/' . rawurlencode( $sql ), $this->app_booking() )[0] );
		$this->assertSame( 400, $this->rest( 'PUT', self::NS . '/bookings/evt2', $this->app_booking( array( 'appointmentType' => $sql ) ) )[0] );
		$this->assertSame( $before, $this->state(), 'nothing written' );
	}

	public function test_script_and_huge_values_are_refused_without_being_quoted(): void {
		$this->act_as( 'rdv-admin' );
		$before = $this->state();
		$huge   = str_repeat( 'x', 10000 );
		foreach ( array( 'firstName', 'lastName', 'phone', 'email', 'appointmentType', 'start' ) as $field ) {
			foreach ( array( '<script>alert(1)</script>', $huge ) as $value ) {
				list( $status, $error ) = $this->rest( 'PUT', self::NS . '/bookings/evt9', $this->app_booking( array( $field => $value ) ) );
				$this->assertSame( 400, $status, "$field refused" );
				$this->assertArrayHasKey( $field, $error['data']['params'] );
				$this->assertStringNotContainsString( $value, (string) wp_json_encode( $error ), 'never quoted' );
			}
		}
		list( $status, $error ) = $this->rest( 'POST', self::NS . '/bookings/evt9/cancel', array( 'reason' => $huge ) );
		$this->assertSame( array( 400, 'reason' ), array( $status, array_keys( $error['data']['params'] )[0] ) );
		list( $status, $error ) = $this->rest( 'POST', self::NS . '/erasure', array( 'email' => $huge ) );
		$this->assertSame( 400, $status );
		$this->assertStringNotContainsString( $huge, (string) wp_json_encode( $error ) );
		$this->assertSame( $before, $this->state(), 'nothing written' );
	}

	public function test_a_body_that_is_not_an_object_is_invalid_json(): void {
		$this->act_as( 'rdv-admin' );
		$request = new WP_REST_Request( 'POST', self::NS . '/erasure' );
		$request->set_body( '[1,2]' );
		$response = rest_do_request( $request );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_json', $response->as_error()->get_error_code() );
	}

	public function test_cancel_is_idempotent_and_unknown_ids_are_not_found(): void {
		$this->act_as( 'rdv-admin' );
		$this->pin_now( '2026-11-26T09:00:00Z' );
		$this->seed();
		if ( class_exists( 'Rdv_Google' ) && ! Rdv_Google::is_linked() ) {
			$this->assertSame( 409, $this->rest( 'POST', self::NS . '/bookings/evt1/cancel', array( 'notifyPatient' => false ) )[0], 'Google must be linked to delete the event' );
			return;
		}
		list( $status, $done ) = $this->rest( 'POST', self::NS . '/bookings/evt1/cancel', array( 'reason' => ' Absente ', 'notifyPatient' => false ) );
		$this->assertSame( array( 200, false, '2026-11-26T09:00:00Z' ), array( $status, $done['alreadyCancelled'], $done['booking']['cancelledAt'] ) );
		$this->assertSame( 'Absente', Rdv_Records::get( 'evt1' )['cancel_reason'] );
		$this->assertArrayNotHasKey( 'cancelReason', $done['booking'], 'the reason stays in the back office' );
		list( $status, $again ) = $this->rest( 'POST', self::NS . '/bookings/evt1/cancel' );
		$this->assertSame( array( 200, true ), array( $status, $again['alreadyCancelled'] ) );
		list( $status, $error ) = $this->rest( 'POST', self::NS . '/bookings/nope/cancel' );
		$this->assertSame( array( 404, 'rdv_booking_not_found' ), array( $status, $error['code'] ) );
	}

	public function test_an_app_booking_is_recorded_once_and_a_move_updates_its_times(): void {
		$this->act_as( 'rdv-admin' );
		$this->pin_now( '2026-11-26T09:00:00Z' );
		list( $status, $made ) = $this->rest( 'PUT', self::NS . '/bookings/evt5', $this->app_booking() );
		$this->assertSame( array( 201, true ), array( $status, $made['created'] ) );
		$this->assertSame( array( 'app', '+33612345678', null ), array( $made['booking']['source'], $made['booking']['phone'], $made['booking']['consent'] ) );
		$this->assertSame( '2026-12-01 08:00:00', Rdv_Records::get( 'evt5' )['starts_at'] );
		list( $status, $again ) = $this->rest( 'PUT', self::NS . '/bookings/evt5', $this->app_booking() );
		$this->assertSame( array( 200, false ), array( $status, $again['created'] ), 'idempotent' );

		$config                           = Rdv_Options::config();
		$config['sms']['reminderEnabled'] = true;
		Rdv_Options::set_config( $config );
		Rdv_Records::set_sms_status( 'evt5', 'reminder', 'sent' );
		list( $status ) = $this->rest( 'POST', self::NS . '/bookings/evt5/moved', array( 'start' => '2026-12-03T10:00:00Z', 'end' => '2026-12-03T10:30:00Z', 'notifyPatient' => false ) );
		$this->assertSame( 200, $status );
		$row = Rdv_Records::get( 'evt5' );
		// The reminder rule is the SMS part's (Rdv_Sms::reminder_plan); without it nothing is planned.
		$planned = class_exists( 'Rdv_Sms' ) ? 'pending' : 'sent';
		$this->assertSame( array( '2026-12-03 10:00:00', $planned ), array( $row['starts_at'], $row['sms_reminder'] ), 'the reminder is planned again for the new time' );
		$this->assertSame( 404, $this->rest( 'POST', self::NS . '/bookings/nope/moved', array( 'start' => '2026-12-03T10:00:00Z', 'end' => '2026-12-03T10:30:00Z' ) )[0] );
		$this->assertSame( 400, $this->rest( 'POST', self::NS . '/bookings/evt5/moved', array( 'start' => '2026-12-03T10:00:00Z', 'end' => '2026-12-03T09:00:00Z' ) )[0], 'the end after the start' );
	}

	public function test_feed_limits_and_expired_cursors(): void {
		$this->act_as( 'rdv-admin' );
		$this->seed();
		foreach ( array( '0', '501', '-1', 'abc' ) as $bad ) {
			list( $status, $error ) = $this->rest( 'GET', self::NS . '/bookings', array( 'limit' => $bad ) );
			$this->assertSame( array( 400, 'rest_invalid_param' ), array( $status, $error['code'] ), $bad );
		}
		list( , $page ) = $this->rest( 'GET', self::NS . '/bookings' );
		$this->assertSame( 200, $this->rest( 'GET', self::NS . '/bookings', array( 'cursor' => $page['nextCursor'] ) )[0] );
		$ahead = Rdv_Records::encode_cursor( Rdv_Options::epoch(), Rdv_Records::high_water() + 10 );
		$this->assertSame( 410, $this->rest( 'GET', self::NS . '/bookings', array( 'cursor' => $ahead ) )[0], 'ahead of the site' );
		$foreign = Rdv_Records::encode_cursor( 'autre123', 1 );
		$this->assertSame( 410, $this->rest( 'GET', self::NS . '/bookings', array( 'cursor' => $foreign ) )[0], 'another installation' );
		Rdv_Options::raise_cursor_floor( Rdv_Records::next_stamp() );
		$this->assertSame( 410, $this->rest( 'GET', self::NS . '/bookings', array( 'cursor' => $page['nextCursor'] ) )[0], 'older than the floor' );
	}

	public function test_sms_usage_sums_the_months_sent_messages(): void {
		global $wpdb;
		$this->act_as( 'rdv-admin' );
		foreach ( array( array( 'confirmation', 1, 'sent' ), array( 'reminder', 2, 'delivered' ), array( 'reminder', 3, 'failed' ) ) as list( $kind, $segments, $status ) ) {
			$wpdb->insert( Rdv_Schema::table( 'rdv_sms' ), array( 'kind' => $kind, 'segments' => $segments, 'encoding' => 'gsm', 'status' => $status, 'month' => '2026-10', 'price_per_segment' => '0.08', 'created_at' => '2026-10-01 00:00:00', 'updated_at' => '2026-10-01 00:00:00' ) );
		}
		list( $status, $usage ) = $this->rest( 'GET', self::NS . '/sms/usage', array( 'month' => '2026-10' ) );
		$this->assertSame( 200, $status );
		$this->assertSame( array( 2, 3, '0.24', 'EUR' ), array( $usage['messages'], $usage['segments'], $usage['cost'], $usage['currency'] ), 'failed ones are not billed' );
		$this->assertSame( array( 'messages' => 1, 'segments' => 2 ), $usage['byKind']['reminder'] );
		$this->assertSame( '0.00', $this->rest( 'GET', self::NS . '/sms/usage', array( 'month' => '2030-01' ) )[1]['cost'] );
	}
}
