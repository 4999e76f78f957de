<?php
/**
 * The booking form refuses hostile submissions cleanly and writes nothing; the public slots route
 * is rate limited and never reveals who booked; the rendering escapes everything and ties errors
 * to their fields.
 *
 * @package RdvCompagnon
 */

/**
 * Rdv_Form and Rdv_Rate_Limit.
 */
class TestRdvForm extends Rdv_Test_Case {
	private const SLOT = '2026-11-24T13:30:00Z';

	protected function setUp(): void {
		parent::setUp();
		$this->pin_now( '2026-11-20T08:00:00Z' );
		$config                     = Rdv_Options::config();
		$config['appointmentTypes'] = array(
			array(
				'id'              => 'consultation',
				'name'            => 'Consultation <script>alert(1)</script>',
				'durationMinutes' => 30,
			),
			array(
				'id'              => 'telephone',
				'name'            => 'Par téléphone',
				'durationMinutes' => 30,
				'bookableOnline'  => false,
			),
		);
		Rdv_Options::set_config( $config );
		Rdv_Options::set_legal_url( 'https://cabinet.example/mentions-legales/' );
		$_SERVER['REMOTE_ADDR'] = '192.0.2.10';
		$_SERVER['REQUEST_URI'] = '/rendez-vous/';
	}

	/** A well-formed submission for the signed slot, changed by `$over`. */
	private function post( array $over = array() ): array {
		return array_merge(
			array(
				'rdv_compagnon_step' => 'book',
				'_rdv_nonce'         => wp_create_nonce( Rdv_Form::NONCE ),
				'rdv_type'           => 'consultation',
				'rdv_slot'           => self::SLOT,
				'rdv_sig'            => Rdv_Form::sign( 'consultation', self::SLOT ),
				'rdv_last_name'      => 'Martin',
				'rdv_first_name'     => 'Jeanne',
				'rdv_phone'          => '06 12 34 56 78',
				'rdv_email'          => 'jeanne@example.fr',
				'rdv_consent'        => '1',
			),
			$over
		);
	}

	private function assert_nothing_written(): void {
		global $wpdb;
		foreach ( array( 'rdv_bookings', 'rdv_sms', 'rdv_tombstones' ) as $table ) {
			$this->assertSame( '0', $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}{$table}" ), $table ); // phpcs:ignore WordPress.DB.PreparedSQL -- fixed names.
		}
	}

	public function test_a_forged_nonce_is_refused_and_nothing_written(): void {
		foreach ( array( 'forged', '', wp_create_nonce( 'another_action' ) ) as $nonce ) {
			$this->assertSame( 'forbidden', Rdv_Form::submit( $this->post( array( '_rdv_nonce' => $nonce ) ) )['status'], $nonce );
		}
		$this->assert_nothing_written();
	}

	public function test_a_slot_not_offered_by_this_site_is_refused(): void {
		$cases = array(
			array( 'rdv_slot' => '2026-11-24T13:45:00Z' ),                     // signature of another slot
			array( 'rdv_sig' => str_repeat( '0', 32 ) ),                       // forged signature
			array( 'rdv_sig' => '' ),
			array( 'rdv_type' => 'telephone', 'rdv_sig' => Rdv_Form::sign( 'telephone', self::SLOT ) ), // not bookable online
			array( 'rdv_type' => "consultation' OR '1'='1", 'rdv_sig' => Rdv_Form::sign( "consultation' OR '1'='1", self::SLOT ) ),
			array( 'rdv_slot' => 'demain', 'rdv_sig' => Rdv_Form::sign( 'consultation', 'demain' ) ),
			array( 'rdv_slot' => array( self::SLOT ) ),
		);
		foreach ( $cases as $i => $over ) {
			$_SERVER['REMOTE_ADDR'] = '198.51.100.' . $i; // Each from its own address: not a flood.
			$this->assertSame( 'forbidden', Rdv_Form::submit( $this->post( $over ) )['status'], wp_json_encode( $over ) );
		}
		$this->assert_nothing_written();
	}

	public function test_hostile_fields_are_refused_field_by_field_and_nothing_written(): void {
		$script = '<script>alert(1)</script>';
		$r      = Rdv_Form::submit(
			$this->post(
				array(
					'rdv_last_name'  => str_repeat( 'x', 10000 ),
					'rdv_first_name' => $script,
					'rdv_phone'      => "'; DROP TABLE wp_rdv_bookings; --",
					'rdv_email'      => $script . '@example.fr',
					'rdv_consent'    => '',
				)
			)
		);
		$this->assertSame( 'invalid', $r['status'] );
		$this->assertSame( array( 'last_name', 'phone', 'email', 'consent' ), array_keys( $r['errors'] ) );
		$this->assert_nothing_written();

		$html = Rdv_Form::render( array( 'rdv_type' => 'consultation' ), $r );
		$this->assertStringNotContainsString( '<script>', $html, 'every value is escaped' );
		$this->assertStringContainsString( 'value="&lt;script&gt;alert(1)&lt;/script&gt;"', $html, 'the first name is kept, escaped' );
		$this->assertStringNotContainsString( str_repeat( 'x', 201 ), $html, 'a 10,000-character value is not echoed whole' );
		foreach ( array( 'last_name', 'phone', 'email', 'consent' ) as $field ) {
			$id = 'rdv-' . $field;
			$this->assertMatchesRegularExpression( '/id="' . $id . '"[^>]*aria-invalid="true" aria-describedby="' . $id . '-error"|aria-invalid="true" aria-describedby="' . $id . '-error"/', $html, "$field: its error is tied to it" );
			$this->assertStringContainsString( 'id="' . $id . '-error"', $html );
		}
		$this->assertStringContainsString( 'role="alert"', $html );
		$this->assertStringContainsString( 'href="https://cabinet.example/mentions-legales/"', $html, 'the consent links the legal notices' );
		$this->assertStringContainsString( 'name="_rdv_nonce"', $html );
	}

	public function test_bookings_are_limited_per_address_and_window(): void {
		for ( $i = 0; $i < Rdv_Rate_Limit::BOOKINGS_MAX; $i++ ) {
			$this->assertSame( 'forbidden', Rdv_Form::submit( $this->post( array( '_rdv_nonce' => 'x' ) ) )['status'] );
		}
		$this->assertSame( 'rate_limited', Rdv_Form::submit( $this->post() )['status'], 'the sixth in ten minutes' );
		$html = Rdv_Form::render( array(), array( 'status' => 'rate_limited' ) );
		$this->assertStringContainsString( 'role="status"', $html );

		$_SERVER['REMOTE_ADDR'] = '192.0.2.11';
		$this->assertSame( 'forbidden', Rdv_Form::submit( $this->post( array( '_rdv_nonce' => 'x' ) ) )['status'], 'another address has its own count' );

		$_SERVER['REMOTE_ADDR'] = '192.0.2.10';
		$this->pin_now( '2026-11-20T08:10:01Z' );
		$this->assertSame( 'forbidden', Rdv_Form::submit( $this->post( array( '_rdv_nonce' => 'x' ) ) )['status'], 'a new window' );
		$this->assert_nothing_written();
	}

	public function test_the_address_is_never_stored_in_clear(): void {
		global $wpdb;
		Rdv_Rate_Limit::booking();
		$names = $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%rdv_rl_%'" );
		$this->assertNotEmpty( $names );
		foreach ( $names as $name ) {
			$this->assertStringNotContainsString( '192.0.2.10', $name . maybe_serialize( get_option( $name ) ) );
		}
	}

	public function test_the_public_route_refuses_bad_parameters_and_floods(): void {
		[ $status, $data ] = $this->rest( 'GET', '/rdv-compagnon/v1/public/slots', array( 'type' => "x' UNION SELECT user_pass FROM wp_users --" ) );
		$this->assertSame( 400, $status );
		$this->assertSame( 'rdv_unknown_type', $data['code'] );
		[ $status, $data ] = $this->rest( 'GET', '/rdv-compagnon/v1/public/slots', array( 'type' => 'telephone' ) );
		$this->assertSame( 400, $status, 'a type not bookable online' );
		foreach ( array( '2026-13-01', '2020-01-06', '2030-01-07', '1; DROP TABLE x' ) as $week ) {
			[ $status, $data ] = $this->rest( 'GET', '/rdv-compagnon/v1/public/slots', array( 'type' => 'consultation', 'week' => $week ) );
			$this->assertSame( 400, $status, $week );
			$this->assertSame( 'rdv_invalid_week', $data['code'] );
		}
		for ( $i = 6; $i < Rdv_Rate_Limit::READS_MAX; $i++ ) {
			$this->rest( 'GET', '/rdv-compagnon/v1/public/slots', array( 'type' => 'nope' ) );
		}
		[ $status, $data ] = $this->rest( 'GET', '/rdv-compagnon/v1/public/slots', array( 'type' => 'consultation' ) );
		$this->assertSame( 429, $status );
		$this->assertSame( 'rdv_rate_limited', $data['code'] );
		$this->assertNotSame( '', $data['message'] );
	}

	public function test_the_public_route_needs_no_login_and_the_private_ones_still_do(): void {
		wp_set_current_user( 0 );
		[ $status ] = $this->rest( 'GET', '/rdv-compagnon/v1/public/slots', array( 'type' => 'nope' ) );
		$this->assertSame( 400, $status, 'reached the route (no 401)' );
		[ $status ] = $this->rest( 'GET', '/rdv-compagnon/v1/bookings' );
		$this->assertContains( $status, array( 401, 403 ) );
	}

	public function test_the_first_step_lists_the_online_types_escaped(): void {
		$html = Rdv_Form::render( array() );
		$this->assertStringContainsString( 'Consultation &lt;script&gt;', $html );
		$this->assertStringNotContainsString( '<script>', $html );
		$this->assertStringNotContainsString( 'Par téléphone', $html, 'a type not bookable online is not offered' );
		$this->assertStringContainsString( 'href="/rendez-vous/?rdv_type=consultation"', $html );
	}

	public function test_the_shortcode_and_the_block_render_the_same_form(): void {
		// (do_shortcode() finds no shortcode at all in this PHPUnit process, WordPress's own
		// included; a real page with [rdv_compagnon] is checked by the browser test.)
		$shortcode = Rdv_Form::shortcode();
		$block     = do_blocks( '<!-- wp:rdv-compagnon/booking-form /-->' );
		$this->assertStringContainsString( 'data-rdv-type="consultation"', $shortcode );
		$this->assertSame( $shortcode, $block );
		$this->assertTrue( wp_script_is( 'rdv-compagnon-form', 'enqueued' ) && wp_style_is( 'rdv-compagnon-form', 'enqueued' ) );
		$this->assertTrue( WP_Block_Type_Registry::get_instance()->is_registered( Rdv_Form::BLOCK ) );
	}

	public function test_a_page_address_never_points_to_another_host(): void {
		foreach ( array( '//evil.example/x', 'http://evil.example/x', '/\\evil.example/x' ) as $uri ) {
			$_SERVER['REQUEST_URI'] = $uri;
			$html                   = Rdv_Form::render( array() );
			$this->assertDoesNotMatchRegularExpression( '#href="(//|[a-z]+:|/\\\\)#i', $html, $uri );
			$this->assertStringContainsString( 'href="/', $html, $uri );
		}
	}

	public function test_dates_read_the_french_way(): void {
		$local = new DateTimeImmutable( '2026-11-24T14:30:00', new DateTimeZone( 'Europe/Paris' ) );
		$this->assertSame(
			sprintf( __( '%1$s at %2$s', 'rdv-compagnon' ), __( 'Tuesday', 'rdv-compagnon' ) . ' 24/11', $local->format( __( 'H:i', 'rdv-compagnon' ) ) ),
			Rdv_Form::when_label( $local )
		);
		if ( str_starts_with( determine_locale(), 'fr' ) && is_textdomain_loaded( 'rdv-compagnon' ) ) {
			$this->assertSame( 'mardi 24/11 à 14h30', Rdv_Form::when_label( $local ) );
		}
	}
}
