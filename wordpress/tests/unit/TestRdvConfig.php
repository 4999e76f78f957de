<?php
/**
 * Rdv_Config: the PUT /config rules, field paths and canonical form — the same as the stand-in
 * (crates/rdv-sandbox/src/site/config.rs) and rdv_core.
 *
 * @package RdvCompagnon
 */

/**
 * Configuration validation.
 */
class TestRdvConfig extends Rdv_Test_Case {
	private function current(): array {
		return Rdv_Config::with_read_only( Rdv_Config::fresh() );
	}

	private function input( array $changes = array() ): stdClass {
		$doc                     = $this->current();
		$doc['appointmentTypes'] = array( array( 'id' => 'consultation', 'name' => 'Consultation', 'durationMinutes' => 30 ) );
		return json_decode( (string) wp_json_encode( array_replace_recursive( $doc, $changes ) ) );
	}

	public function test_a_valid_document_comes_back_canonical_and_keeps_read_only_fields(): void {
		$in = $this->input();
		unset( $in->practice, $in->sms->pricePerSegment );
		list( $out, $p ) = Rdv_Config::validate( $in, $this->current() );
		$this->assertSame( array(), $p );
		$this->assertSame(
			array( 'id' => 'consultation', 'name' => 'Consultation', 'durationMinutes' => 30, 'colour' => '#3F51B5', 'bufferBeforeMinutes' => 0, 'bufferAfterMinutes' => 0, 'minNoticeMinutes' => 0, 'bookableOnline' => true ),
			$out['appointmentTypes'][0]
		);
		$this->assertSame( '0.08', $out['sms']['pricePerSegment'] );
		$this->assertSame( $this->current()['practice'], $out['practice'] );
		$this->assertSame( Rdv_Config::etag( $out ), Rdv_Config::etag( $out ), 'same document, same ETag' );
	}

	public function test_every_problem_is_reported_with_its_path(): void {
		$in                       = $this->input();
		$in->appointmentTypes[]   = json_decode( '{"id":"a b","name":"","durationMinutes":0,"colour":"bleu","maxPerDay":0,"extra":1}' );
		$in->retentionDays        = 100;
		$in->sms->senderName      = 'Dr Laurent-é';
		$in->sms->texts->reminder = 'Demain {heure} {nom}';
		$in->sms->texts->confirmation = 'Confirmé le {date}';
		$in->sms->pricePerSegment = '0.01';
		$in->practice->name       = 'Autre';
		list( $out, $p ) = Rdv_Config::validate( $in, $this->current() );
		$this->assertNull( $out );
		foreach ( array( 'appointmentTypes[1].extra', 'appointmentTypes[1].id', 'appointmentTypes[1].name', 'appointmentTypes[1].colour', 'appointmentTypes[1].durationMinutes', 'appointmentTypes[1].maxPerDay', 'retentionDays', 'sms.senderName', 'sms.texts.reminder', 'sms.texts.confirmation', 'sms.pricePerSegment', 'practice' ) as $path ) {
			$this->assertArrayHasKey( $path, $p, $path );
		}
	}

	public function test_a_horizon_beyond_the_retention_period_is_refused_on_its_field(): void {
		$in                                   = $this->input();
		$in->appointmentTypes[0]->horizonDays = 150;
		list( $out, $p ) = Rdv_Config::validate( $in, $this->current() );
		$this->assertNull( $out );
		$this->assertSame( array( 'appointmentTypes[0].horizonDays' ), array_keys( $p ) );
		$this->assertStringContainsString( '150', $p['appointmentTypes[0].horizonDays'] );
		$this->assertStringContainsString( '120', $p['appointmentTypes[0].horizonDays'] );
		$in->appointmentTypes[0]->horizonDays = 120;
		$this->assertSame( array(), Rdv_Config::validate( $in, $this->current() )[1], 'equal is fine' );
		$in->retentionDays = 90;
		$this->assertArrayHasKey( 'appointmentTypes[0].horizonDays', Rdv_Config::validate( $in, $this->current() )[1], 'a shorter period refuses it' );
	}

	public function test_messages_never_quote_the_submitted_value(): void {
		$secret                         = 'jeanne.martin@example.fr';
		$in                             = $this->input();
		$in->appointmentTypes[0]->name  = array( $secret );
		$in->appointmentTypes[0]->id    = $secret . ' x';
		$in->sms->senderName            = $secret;
		$in->sms->texts->reminder       = str_repeat( $secret, 20 );
		$in->{'<script>alert(1)</script>'} = 1;
		list( , $p ) = Rdv_Config::validate( $in, $this->current() );
		$this->assertNotEmpty( $p );
		foreach ( $p as $message ) {
			$this->assertStringNotContainsString( $secret, $message );
		}
	}

	public function test_types_and_non_objects_are_checked_strictly(): void {
		$this->assertSame( array( 'body' ), array_keys( Rdv_Config::validate( array( 1 ), $this->current() )[1] ) );
		$in                                       = $this->input();
		$in->appointmentTypes[0]->durationMinutes = '30';
		$in->retentionDays                        = '120';
		$in->sms->confirmationEnabled             = 1;
		$p = Rdv_Config::validate( $in, $this->current() )[1];
		$this->assertArrayHasKey( 'appointmentTypes[0].durationMinutes', $p );
		$this->assertArrayHasKey( 'retentionDays', $p );
		$this->assertArrayHasKey( 'sms.confirmationEnabled', $p );
		$in = $this->input();
		$in->appointmentTypes = new stdClass();
		$this->assertArrayHasKey( 'appointmentTypes', Rdv_Config::validate( $in, $this->current() )[1], '{} is not a list' );
	}

	public function test_templates_follow_rdv_core(): void {
		$this->assertNull( Rdv_Config::template_problem( 'Rappel de DR LAURENT pour {date}', 'Dr Laurent' ) );
		$this->assertNotNull( Rdv_Config::template_problem( 'Rappel pour {date}', 'Dr Laurent' ) );
		$this->assertNotNull( Rdv_Config::template_problem( 'Rappel pour {date}', '' ) );
		$this->assertNotNull( Rdv_Config::template_problem( '{praticien} : rappel {date', '' ), 'open brace' );
		$this->assertNull( Rdv_Config::template_problem( '{ praticien } : rappel', '' ) );
		$this->assertNotNull( Rdv_Config::template_problem( '{praticien}' . str_repeat( 'é', 320 ), '' ), '320 characters at most' );
	}

	public function test_if_match_accepts_weak_forms_lists_and_star(): void {
		$this->assertTrue( Rdv_Config::etag_listed( 'W/"abc"', '"abc"' ) );
		$this->assertTrue( Rdv_Config::etag_listed( '"x", "abc"', '"abc"' ) );
		$this->assertTrue( Rdv_Config::etag_listed( '*', '"abc"' ) );
		$this->assertFalse( Rdv_Config::etag_listed( '"abd"', '"abc"' ) );
	}

	public function test_prices_are_exact_decimals(): void {
		$this->assertSame( 80000, Rdv_Config::micros( '0.08' ) );
		$this->assertSame( 1000000, Rdv_Config::micros( '1' ) );
		foreach ( array( '', '.5', '1,5', '-1', '0.1234567', 'abc' ) as $bad ) {
			$this->assertNull( Rdv_Config::micros( $bad ), $bad );
		}
		$this->assertSame( '3.76', Rdv_Config::euros( 47 * 80000 ) );
		$this->assertSame( '0.2235', Rdv_Config::euros( 3 * 74500 ) );
		$this->assertSame( '0.00', Rdv_Config::euros( 0 ) );
	}
}
