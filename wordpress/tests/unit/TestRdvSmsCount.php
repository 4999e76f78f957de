<?php
/**
 * Rdv_Sms_Count counts exactly as rdv_core::sms::count: every case of the vectors the Rust code
 * writes (wordpress/tests/vectors/sms.json).
 *
 * @package RdvCompagnon
 */

/**
 * Segment counting.
 */
class TestRdvSmsCount extends Rdv_Test_Case {
	/** Every counted text of the vectors gives the Rust answer, field by field. */
	public function test_every_vector_text_is_counted_as_the_rust_code_counts_it(): void {
		$cases = self::vectors( 'sms' )['counts'];
		$this->assertGreaterThanOrEqual( 50, count( $cases ) );
		foreach ( $cases as $case ) {
			$got  = Rdv_Sms_Count::count( $case['text'] );
			$want = $case['count'];
			foreach ( array( 'encoding', 'units', 'segments', 'perSegment', 'remainingInSegment' ) as $k ) {
				$this->assertSame( $want[ $k ], $got[ $k ], $case['name'] . ': ' . $k );
			}
			$this->assertCount( count( $want['ucs2Characters'] ), $got['ucs2Characters'], $case['name'] );
			foreach ( $want['ucs2Characters'] as $i => $c ) {
				$this->assertSame( $c['char'], $got['ucs2Characters'][ $i ]['char'], $case['name'] );
				$this->assertSame( $c['index'], $got['ucs2Characters'][ $i ]['index'], $case['name'] );
				$this->assertSame( $c['replacement'], $got['ucs2Characters'][ $i ]['replacement'], $case['name'] );
			}
		}
	}

	/** The boundaries docs/sms.md names, written out (the vectors cover them too). */
	public function test_the_documented_boundaries(): void {
		$this->assertSame( 0, Rdv_Sms_Count::count( '' )['segments'] );
		$this->assertSame( 1, Rdv_Sms_Count::count( str_repeat( 'a', 160 ) )['segments'] );
		$this->assertSame( 2, Rdv_Sms_Count::count( str_repeat( 'a', 161 ) )['segments'] );
		$this->assertSame( 3, Rdv_Sms_Count::count( str_repeat( 'a', 152 ) . '€' . str_repeat( 'a', 152 ) )['segments'], 'the € is not split' );
		$this->assertSame( 'UCS-2', Rdv_Sms_Count::count( 'Merci d’avance' )['encoding'] );
		$this->assertSame( 'GSM-7', Rdv_Sms_Count::count( 'Ça a été noté à 9h' )['encoding'], 'Ç é à are GSM' );
		$this->assertSame( 2, Rdv_Sms_Count::count( '😀' )['units'] );
	}
}
