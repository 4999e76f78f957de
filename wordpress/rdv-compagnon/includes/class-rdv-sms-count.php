<?php
/**
 * SMS texts as the operator bills them: encoding, units, segments. A port of
 * `rdv_core::sms::count` (docs/sms.md), checked against the vectors the Rust code writes
 * (wordpress/tests/vectors/sms.json). Pure: no WordPress call, no I/O.
 *
 * GSM 7-bit (3GPP TS 23.038 §6.2.1) when every character is in the default alphabet (one septet)
 * or its extension table (`€ [ ] { } ^ ~ \ |` and form feed, two septets): 160 septets in one
 * SMS, 153 per segment beyond. Otherwise UCS-2: 70 UTF-16 units in one SMS (an emoji takes two),
 * 67 per segment. A character is never split between two segments.
 *
 * The tables below are generated from crates/rdv-core/src/sms/tables.rs (same order).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Counts SMS units and segments.
 */
final class Rdv_Sms_Count {
	/** The 127 characters of the GSM default alphabet (0x1B, the escape, is not one). */
	const BASIC = "\u{0040}\u{00A3}\u{0024}\u{00A5}\u{00E8}\u{00E9}\u{00F9}\u{00EC}\u{00F2}\u{00C7}\u{000A}\u{00D8}\u{00F8}\u{000D}\u{00C5}\u{00E5}\u{0394}\u{005F}\u{03A6}\u{0393}\u{039B}\u{03A9}\u{03A0}\u{03A8}\u{03A3}\u{0398}\u{039E}\u{00C6}\u{00E6}\u{00DF}\u{00C9}\u{0020}\u{0021}\u{0022}\u{0023}\u{00A4}\u{0025}\u{0026}\u{0027}\u{0028}\u{0029}\u{002A}\u{002B}\u{002C}\u{002D}\u{002E}\u{002F}\u{0030}\u{0031}\u{0032}\u{0033}\u{0034}\u{0035}\u{0036}\u{0037}\u{0038}\u{0039}\u{003A}\u{003B}\u{003C}\u{003D}\u{003E}\u{003F}\u{00A1}\u{0041}\u{0042}\u{0043}\u{0044}\u{0045}\u{0046}\u{0047}\u{0048}\u{0049}\u{004A}\u{004B}\u{004C}\u{004D}\u{004E}\u{004F}\u{0050}\u{0051}\u{0052}\u{0053}\u{0054}\u{0055}\u{0056}\u{0057}\u{0058}\u{0059}\u{005A}\u{00C4}\u{00D6}\u{00D1}\u{00DC}\u{00A7}\u{00BF}\u{0061}\u{0062}\u{0063}\u{0064}\u{0065}\u{0066}\u{0067}\u{0068}\u{0069}\u{006A}\u{006B}\u{006C}\u{006D}\u{006E}\u{006F}\u{0070}\u{0071}\u{0072}\u{0073}\u{0074}\u{0075}\u{0076}\u{0077}\u{0078}\u{0079}\u{007A}\u{00E4}\u{00F6}\u{00F1}\u{00FC}\u{00E0}";

	/** The 10 characters of the extension table, two septets each. */
	const EXTENSION = "\u{000C}\u{005E}\u{007B}\u{007D}\u{005C}\u{005B}\u{007E}\u{005D}\u{007C}\u{20AC}";

	/** Suggested GSM text for characters that force UCS-2 (rdv_core::sms::REPLACEMENTS). */
	const REPLACEMENTS = array(
		"\u{2019}" => "\u{0027}",
		"\u{2018}" => "\u{0027}",
		"\u{02BC}" => "\u{0027}",
		"\u{00B4}" => "\u{0027}",
		"\u{0060}" => "\u{0027}",
		"\u{201C}" => "\u{0022}",
		"\u{201D}" => "\u{0022}",
		"\u{201E}" => "\u{0022}",
		"\u{00AB}" => "\u{0022}",
		"\u{00BB}" => "\u{0022}",
		"\u{2010}" => "\u{002D}",
		"\u{2011}" => "\u{002D}",
		"\u{2013}" => "\u{002D}",
		"\u{2014}" => "\u{002D}",
		"\u{2212}" => "\u{002D}",
		"\u{2026}" => "\u{002E}\u{002E}\u{002E}",
		"\u{2022}" => "\u{002D}",
		"\u{00A0}" => "\u{0020}",
		"\u{202F}" => "\u{0020}",
		"\u{2009}" => "\u{0020}",
		"\u{2007}" => "\u{0020}",
		"\u{0009}" => "\u{0020}",
		"\u{00AD}" => "",
		"\u{200B}" => "",
		"\u{FEFF}" => "",
		"\u{0153}" => "\u{006F}\u{0065}",
		"\u{0152}" => "\u{004F}\u{0045}",
		"\u{00E7}" => "\u{0063}",
		"\u{00E2}" => "\u{0061}",
		"\u{00E1}" => "\u{0061}",
		"\u{00E3}" => "\u{0061}",
		"\u{00EA}" => "\u{0065}",
		"\u{00EB}" => "\u{0065}",
		"\u{00EE}" => "\u{0069}",
		"\u{00EF}" => "\u{0069}",
		"\u{00ED}" => "\u{0069}",
		"\u{00F4}" => "\u{006F}",
		"\u{00F3}" => "\u{006F}",
		"\u{00F5}" => "\u{006F}",
		"\u{00FB}" => "\u{0075}",
		"\u{00FA}" => "\u{0075}",
		"\u{00FF}" => "\u{0079}",
		"\u{00C0}" => "\u{0041}",
		"\u{00C2}" => "\u{0041}",
		"\u{00C1}" => "\u{0041}",
		"\u{00C3}" => "\u{0041}",
		"\u{00C8}" => "\u{0045}",
		"\u{00CA}" => "\u{0045}",
		"\u{00CB}" => "\u{0045}",
		"\u{00CE}" => "\u{0049}",
		"\u{00CF}" => "\u{0049}",
		"\u{00CD}" => "\u{0049}",
		"\u{00CC}" => "\u{0049}",
		"\u{00D4}" => "\u{004F}",
		"\u{00D3}" => "\u{004F}",
		"\u{00D2}" => "\u{004F}",
		"\u{00D5}" => "\u{004F}",
		"\u{00D9}" => "\u{0055}",
		"\u{00DB}" => "\u{0055}",
		"\u{00DA}" => "\u{0055}",
		"\u{0178}" => "\u{0059}",
	);

	/**
	 * The septets `$c` (one UTF-8 character) takes in GSM 7-bit: 1, 2, or null when it is in
	 * neither table.
	 */
	public static function gsm_units( string $c ): ?int {
		if ( '' === $c ) {
			return null;
		}
		if ( 1 === mb_strlen( $c, 'UTF-8' ) ) {
			if ( false !== mb_strpos( self::BASIC, $c, 0, 'UTF-8' ) ) {
				return 1;
			}
			if ( false !== mb_strpos( self::EXTENSION, $c, 0, 'UTF-8' ) ) {
				return 2;
			}
		}
		return null;
	}

	/**
	 * UTF-16 code units of one character: 2 beyond the Basic Multilingual Plane, else 1.
	 */
	private static function utf16_units( string $c ): int {
		return mb_ord( $c, 'UTF-8' ) > 0xFFFF ? 2 : 1;
	}

	/**
	 * Counts `$text` (UTF-8) as `rdv_core::sms::count` does.
	 *
	 * @return array{encoding:string,units:int,segments:int,perSegment:int,remainingInSegment:int,ucs2Characters:array<int,array{char:string,index:int,replacement:?string}>}
	 */
	public static function count( string $text ): array {
		$chars = '' === $text ? array() : mb_str_split( $text, 1, 'UTF-8' );
		$ucs2  = array();
		$gsm   = array();
		foreach ( $chars as $i => $c ) {
			$u = self::gsm_units( $c );
			if ( null === $u ) {
				$ucs2[] = array(
					'char'        => $c,
					'index'       => $i,
					'replacement' => self::REPLACEMENTS[ $c ] ?? null,
				);
			}
			$gsm[] = $u;
		}
		$is_gsm = empty( $ucs2 );
		$widths = array();
		foreach ( $chars as $i => $c ) {
			$widths[] = $is_gsm ? (int) $gsm[ $i ] : self::utf16_units( $c );
		}
		$single = $is_gsm ? 160 : 70;
		$part   = $is_gsm ? 153 : 67;
		$units  = array_sum( $widths );
		if ( 0 === $units ) {
			$segments  = 0;
			$per       = $single;
			$remaining = $single;
		} elseif ( $units <= $single ) {
			$segments  = 1;
			$per       = $single;
			$remaining = $single - $units;
		} else {
			$segments = 1;
			$fill     = 0;
			foreach ( $widths as $w ) {
				if ( $fill + $w > $part ) {
					++$segments;
					$fill = $w;
				} else {
					$fill += $w;
				}
			}
			$per       = $part;
			$remaining = $part - $fill;
		}
		return array(
			'encoding'           => $is_gsm ? 'GSM-7' : 'UCS-2',
			'units'              => $units,
			'segments'           => $segments,
			'perSegment'         => $per,
			'remainingInSegment' => $remaining,
			'ucs2Characters'     => $ucs2,
		);
	}
}
