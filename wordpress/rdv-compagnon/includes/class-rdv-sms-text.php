<?php
/**
 * The texts of the patient's SMS, filled: a port of `rdv_core::sms::template::fill` and
 * `PreviewValues::appointment` / `date_and_time` (docs/booking-endpoint.md § Configuration),
 * checked against wordpress/tests/vectors/sms.json. Pure: no WordPress call, no I/O.
 *
 * Variables: {prenom} {date} (« mardi 24/11 ») {heure} (« 14h30 », « 9h05 ») in the site's zone,
 * {praticien} {adresse} {telephone} from the practice settings. Unknown variables stay as written,
 * an unclosed `{` too. Spaces inside the braces are ignored (`{ prenom }`).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Fills SMS templates.
 */
final class Rdv_Sms_Text {
	const DAYS = array( 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche' );

	/**
	 * `{date}` and `{heure}` of an instant in the zone `$tz`: `['mardi 24/11', '9h05']`.
	 *
	 * @return array{0:string,1:string}
	 */
	public static function date_and_time( DateTimeImmutable $start, string $tz ): array {
		$local = $start->setTimezone( new DateTimeZone( $tz ) );
		$day   = self::DAYS[ (int) $local->format( 'N' ) - 1 ];
		return array( $day . ' ' . $local->format( 'd/m' ), $local->format( 'G' ) . 'h' . $local->format( 'i' ) );
	}

	/**
	 * The values of one message.
	 *
	 * @param array{name?:string,address?:string,phone?:string} $practice The practice settings.
	 * @return array<string,string> Variable name => value.
	 */
	public static function values( string $first_name, DateTimeImmutable $start, string $tz, array $practice ): array {
		list( $date, $heure ) = self::date_and_time( $start, $tz );
		return array(
			'prenom'    => self::trim( $first_name ),
			'date'      => $date,
			'heure'     => $heure,
			'praticien' => self::trim( (string) ( $practice['name'] ?? '' ) ),
			'adresse'   => self::trim( (string) ( $practice['address'] ?? '' ) ),
			'telephone' => self::trim( (string) ( $practice['phone'] ?? '' ) ),
		);
	}

	/**
	 * `$template` with its variables replaced by `$values` (unknown ones left as written).
	 *
	 * @param array<string,string> $values Variable name => value.
	 */
	public static function fill( string $template, array $values ): string {
		$out  = '';
		$rest = $template;
		while ( false !== ( $open = strpos( $rest, '{' ) ) ) {
			$out  .= substr( $rest, 0, $open );
			$after = substr( $rest, $open + 1 );
			$close = strpos( $after, '}' );
			if ( false === $close ) {
				$out .= substr( $rest, $open );
				$rest = '';
				break;
			}
			$name = self::trim( substr( $after, 0, $close ) );
			if ( array_key_exists( $name, $values ) ) {
				$out .= $values[ $name ];
			} else {
				$out .= '{' . substr( $after, 0, $close + 1 );
			}
			$rest = substr( $after, $close + 1 );
		}
		return $out . $rest;
	}

	/**
	 * Whether a template says who sends it (art. 1.5): the `{praticien}` variable, or the
	 * practitioner's name written out (any case) — the rule of `rdv_core::sms::template::check`.
	 */
	public static function names_sender( string $template, string $practitioner ): bool {
		$names = array();
		$rest  = $template;
		while ( false !== ( $open = strpos( $rest, '{' ) ) ) {
			$after = substr( $rest, $open + 1 );
			$close = strpos( $after, '}' );
			if ( false === $close ) {
				$names = array(); // A brace left open: Rust reads no variable at all.
				break;
			}
			$names[] = self::trim( substr( $after, 0, $close ) );
			$rest    = substr( $after, $close + 1 );
		}
		if ( in_array( 'praticien', $names, true ) ) {
			return true;
		}
		$name = self::trim( $practitioner );
		return '' !== $name && false !== mb_strpos( mb_strtolower( $template, 'UTF-8' ), mb_strtolower( $name, 'UTF-8' ), 0, 'UTF-8' );
	}

	/**
	 * Trims Unicode white space, as Rust's `str::trim`.
	 */
	private static function trim( string $s ): string {
		return (string) preg_replace( '/^[\s\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\s\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$/u', '', $s );
	}
}
