<?php
/**
 * The patient's fields of a booking, checked: the PHP port of rdv_core::booking::check_patient
 * (with rdv_core::person::e164 and rdv_core::email::normalize), proven identical by the shared
 * vectors of wordpress/tests/vectors/patient.json. Messages are the Rust ones, French and
 * English, so the form and the app say the same thing.
 *
 * Names: trimmed, 1 to 100 characters, no control character. Phone: E.164 (`+33612345678`).
 * E-mail: RFC 5321/5322 address with a dotted domain, lower-cased. Phone and e-mail may each be
 * empty, not both.
 *
 * Pure: no I/O; only WP_Error from WordPress.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Patient fields validation and normalisation.
 */
final class Rdv_Patient {
	/** The longest last or first name, in characters (rdv_core NAME_MAX_CHARS). */
	public const NAME_MAX_CHARS = 100;

	/** Unicode White_Space, as Rust's `str::trim` and `char::is_whitespace` read it. */
	private const WS = '\x{9}-\x{d}\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}';

	/**
	 * Checks the patient as typed.
	 *
	 * @param array $fields `last_name`, `first_name`, `phone`, `email` (strings; missing = empty).
	 * @return array|WP_Error The normalised patient (`last_name`, `first_name`, `phone` ?string
	 *                        E.164, `email` ?string), or a WP_Error `rdv_invalid_patient` whose
	 *                        data `fields` maps each field to `['fr' => …, 'en' => …]`, in order.
	 */
	public static function check( array $fields ) {
		$get      = static fn( string $k ): string => is_string( $fields[ $k ] ?? null ) ? $fields[ $k ] : '';
		$problems = array();
		$last     = self::name( 'last_name', $get( 'last_name' ), $problems );
		$first    = self::name( 'first_name', $get( 'first_name' ), $problems );
		$phone    = null;
		$email    = null;
		$has_any  = false;
		if ( '' !== self::trim( $get( 'phone' ) ) ) {
			$has_any = true;
			$phone   = self::e164( $get( 'phone' ) );
			if ( is_array( $phone ) ) {
				$problems['phone'] = $phone;
				$phone             = null;
			}
		}
		if ( '' !== self::trim( $get( 'email' ) ) ) {
			$has_any = true;
			$email   = self::email( $get( 'email' ) );
			if ( is_array( $email ) ) {
				$problems['email'] = $email;
				$email             = null;
			}
		}
		if ( ! $has_any ) {
			$problems['phone'] = self::text(
				"Indiquez le téléphone ou l'adresse e-mail du patient, pour pouvoir le joindre.",
				"Give the patient's phone or e-mail address, so they can be reached."
			);
		}
		if ( $problems ) {
			$first_problem = reset( $problems );
			return new WP_Error( 'rdv_invalid_patient', $first_problem['fr'], array( 'fields' => $problems ) );
		}
		return array(
			'last_name'  => $last,
			'first_name' => $first,
			'phone'      => $phone,
			'email'      => $email,
		);
	}

	/**
	 * A phone as typed in E.164, or the problem (`['fr' => …, 'en' => …]`).
	 *
	 * @return string|array
	 */
	public static function e164( string $phone ) {
		$invalid = self::text(
			"Ce numéro de téléphone n'est pas valide (exemple : 06 12 34 56 78 ou +33 6 12 34 56 78).",
			'This phone number is not valid (for example: 06 12 34 56 78 or +33 6 12 34 56 78).'
		);
		if ( ! mb_check_encoding( $phone, 'UTF-8' ) ) {
			return $invalid;
		}
		$typed         = self::trim( $phone );
		$international = str_starts_with( $typed, '+' );
		$body          = $international ? substr( $typed, 1 ) : $typed;
		if ( '' === $body || ! preg_match( '/^[0-9 .\-()]+$/D', $body ) ) {
			return $invalid;
		}
		$digits = preg_replace( '/[^0-9]/', '', $body );
		$intl   = $international ? $digits : ( str_starts_with( $digits, '00' ) ? substr( $digits, 2 ) : null );
		if ( null !== $intl ) {
			if ( str_starts_with( $intl, '33' ) ) {
				$fr       = substr( $intl, 2 );
				$national = ( str_starts_with( $fr, '0' ) && 9 === strlen( $fr ) - 1 ) ? substr( $fr, 1 ) : $fr;
			} elseif ( strlen( $intl ) >= 8 && strlen( $intl ) <= 15 && ! str_starts_with( $intl, '0' ) ) {
				return '+' . $intl;
			} else {
				return $invalid;
			}
		} else {
			if ( ! str_starts_with( $digits, '0' ) ) {
				return $invalid;
			}
			$national = substr( $digits, 1 );
		}
		return ( 9 === strlen( $national ) && '0' !== $national[0] ) ? '+33' . $national : $invalid;
	}

	/**
	 * An e-mail address normalised (trimmed, lower case), or the problem.
	 *
	 * @return string|array
	 */
	public static function email( string $input ) {
		$address = self::trim( $input );
		$bad     = self::text(
			"« {$address} » n'est pas une adresse e-mail valide (exemple : secretariat@cabinet.fr).",
			"“{$address}” is not a valid e-mail address (for example: office@practice.com)."
		);
		if ( ! mb_check_encoding( $input, 'UTF-8' ) ) {
			return self::text(
				"Cette adresse e-mail n'est pas valide (exemple : secretariat@cabinet.fr).",
				'This e-mail address is not valid (for example: office@practice.com).'
			);
		}
		if ( '' === $address ) {
			return self::text( 'Saisissez une adresse e-mail.', 'Enter an e-mail address.' );
		}
		if ( preg_match( '/[' . self::WS . ']/u', $address ) ) {
			return self::text( "Une adresse e-mail ne contient pas d'espace.", 'An e-mail address contains no space.' );
		}
		$at = strrpos( $address, '@' );
		if ( false === $at ) {
			return $bad;
		}
		$local  = substr( $address, 0, $at );
		$domain = substr( $address, $at + 1 );
		if ( ! self::local_part_ok( $local ) || ! self::domain_ok( $domain ) ) {
			return $bad;
		}
		if ( ! str_contains( $domain, '.' ) || str_starts_with( $domain, '[' ) || str_ends_with( $domain, '.' ) ) {
			return self::text(
				"Le domaine « {$domain} » est incomplet : il faut un nom comme cabinet.fr ou gmail.com.",
				"The domain “{$domain}” is incomplete: it needs a name like practice.com or gmail.com."
			);
		}
		return mb_strtolower( $address, 'UTF-8' );
	}

	/** The local part rules of the `email_address` crate (default options). */
	private static function local_part_ok( string $part ): bool {
		if ( '' === $part || strlen( $part ) > 64 || str_starts_with( $part, '<' ) ) {
			return false;
		}
		if ( str_starts_with( $part, '"' ) && str_ends_with( $part, '"' ) ) {
			if ( strlen( $part ) <= 2 ) {
				return false;
			}
			// qcontent: quoted pairs (backslash + visible char) or qtext / space / tab.
			return 1 === preg_match( '/^(?:\\\\[\x{21}-\x{7e}]|[\x{20}\x{9}\x{21}\x{23}-\x{5b}\x{5d}-\x{7e}]|[^\x{0}-\x{7f}])*$/uD', substr( $part, 1, -1 ) );
		}
		return self::dot_atom( $part );
	}

	/** The domain rules of the `email_address` crate (literals allowed, any number of labels). */
	private static function domain_ok( string $domain ): bool {
		if ( '' === $domain || strlen( $domain ) > 254 ) {
			return false;
		}
		if ( str_starts_with( $domain, '[' ) && str_ends_with( $domain, ']' ) ) {
			return 1 === preg_match( '/^(?:[\x{21}-\x{5a}\x{5e}-\x{7e}]|[^\x{0}-\x{7f}])*$/uD', substr( $domain, 1, -1 ) );
		}
		foreach ( explode( '.', $domain ) as $label ) {
			if ( '' === $label || strlen( $label ) > 63
				|| ! preg_match( '/^[\p{L}\p{N}]/u', $label ) || ! preg_match( '/[\p{L}\p{N}]$/uD', $label )
				|| ! self::dot_atom( $label ) ) {
				return false;
			}
		}
		return true;
	}

	/** Dot-separated non-empty atoms of atext (ASCII letters, digits, specials, any non-ASCII). */
	private static function dot_atom( string $s ): bool {
		foreach ( explode( '.', $s ) as $atom ) {
			if ( ! preg_match( "/^(?:[A-Za-z0-9!#$%&'*+\\-\\/=?^_`{|}~]|[^\\x{0}-\\x{7f}])+$/uD", $atom ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A checked name, or null with its problem added to $problems.
	 */
	private static function name( string $field, string $typed, array &$problems ): ?string {
		[ $fr, $en ] = 'last_name' === $field ? array( 'Le nom', 'The last name' ) : array( 'Le prénom', 'The first name' );
		if ( ! mb_check_encoding( $typed, 'UTF-8' ) ) {
			$problems[ $field ] = self::invisible( $fr, $en );
			return null;
		}
		$name = self::trim( $typed );
		if ( '' === $name ) {
			$problems[ $field ] = self::text( "$fr est obligatoire.", "$en is required." );
			return null;
		}
		$count = mb_strlen( $name, 'UTF-8' );
		if ( $count > self::NAME_MAX_CHARS ) {
			$max                = self::NAME_MAX_CHARS;
			$problems[ $field ] = self::text(
				"$fr est limité à $max caractères ($count saisis).",
				"$en is limited to $max characters ($count typed)."
			);
			return null;
		}
		if ( preg_match( '/\p{Cc}/u', $name ) ) {
			$problems[ $field ] = self::invisible( $fr, $en );
			return null;
		}
		return $name;
	}

	/** The « invisible character » problem of a name. */
	private static function invisible( string $fr, string $en ): array {
		return self::text(
			"$fr contient un caractère invisible (retour à la ligne, tabulation…).",
			"$en contains an invisible character (line break, tab…)."
		);
	}

	/** Trims Unicode white space at both ends, as Rust's `str::trim`. */
	public static function trim( string $s ): string {
		if ( ! mb_check_encoding( $s, 'UTF-8' ) ) {
			return trim( $s );
		}
		return (string) preg_replace( '/^[' . self::WS . ']+|[' . self::WS . ']+$/uD', '', $s );
	}

	/** A message in French and English. */
	private static function text( string $fr, string $en ): array {
		return array(
			'fr' => $fr,
			'en' => $en,
		);
	}

	/**
	 * The message of a problem in the site's language: French unless the locale is not French.
	 *
	 * @param array $text `['fr' => …, 'en' => …]`.
	 */
	public static function message( array $text ): string {
		$locale = function_exists( 'determine_locale' ) ? determine_locale() : 'fr_FR';
		return str_starts_with( $locale, 'en' ) ? $text['en'] : $text['fr'];
	}
}
