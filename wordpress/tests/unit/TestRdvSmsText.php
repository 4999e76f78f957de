<?php
/**
 * Rdv_Sms_Text fills the texts as rdv_core::sms::template does (vectors written by the Rust
 * code, across the DST changes and overseas zones), and checks the sender's identity (art. 1.5).
 *
 * @package RdvCompagnon
 */

/**
 * Template filling.
 */
class TestRdvSmsText extends Rdv_Test_Case {
	/** Every filled template of the vectors: same {date}, {heure}, text and count. */
	public function test_every_vector_template_is_filled_as_the_rust_code_fills_it(): void {
		$cases = self::vectors( 'sms' )['fills'];
		$this->assertNotEmpty( $cases );
		foreach ( $cases as $case ) {
			$values = Rdv_Sms_Text::values(
				$case['prenom'],
				new DateTimeImmutable( $case['start'] ),
				$case['timeZone'],
				array(
					'name'    => $case['praticien'],
					'address' => $case['adresse'],
					'phone'   => $case['telephone'],
				)
			);
			$this->assertSame( $case['date'], $values['date'], $case['name'] );
			$this->assertSame( $case['heure'], $values['heure'], $case['name'] );
			$text = Rdv_Sms_Text::fill( $case['template'], $values );
			$this->assertSame( $case['text'], $text, $case['name'] );
			$this->assertSame( $case['count']['segments'], Rdv_Sms_Count::count( $text )['segments'], $case['name'] );
		}
	}

	/** A text says who sends it with {praticien} or the practitioner's name in any case. */
	public function test_the_sender_must_be_named(): void {
		$this->assertTrue( Rdv_Sms_Text::names_sender( 'RDV avec { praticien } le {date}', 'Dr Camille Laurent' ) );
		$this->assertTrue( Rdv_Sms_Text::names_sender( 'DR CAMILLE LAURENT vous attend le {date}', 'Dr Camille Laurent' ) );
		$this->assertFalse( Rdv_Sms_Text::names_sender( 'Bonjour {prenom}, RDV le {date} à {heure}.', 'Dr Camille Laurent' ) );
		$this->assertFalse( Rdv_Sms_Text::names_sender( 'RDV {praticien} le {date', 'Dr Camille Laurent' ), 'an open brace: no variable is read, as in Rust' );
		$this->assertFalse( Rdv_Sms_Text::names_sender( 'Bonjour {prenom}', '  ' ) );
	}
}
