<?php
/**
 * The booking configuration document (docs/booking-endpoint.md § Configuration): its fresh
 * value, its canonical form, its ETag, and the validation of a `PUT /config` body — the same
 * rules and field paths as the app's (`rdv_core`) and the sandbox's stand-in.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Pure functions over the configuration (no I/O except `document()`, which reads the options).
 */
final class Rdv_Config {
	/** Allowed retention periods, days (terms art. 8.3). */
	public const RETENTION_DAYS = array( 90, 120, 240 );
	/** Longest SMS template, characters. */
	public const MAX_TEXT = 320;
	/** Variables an SMS text may hold. */
	public const VARIABLES = array( 'prenom', 'date', 'heure', 'praticien', 'adresse', 'telephone' );

	public const CONFIRMATION_TEXT = 'Bonjour {prenom}, RDV confirmé avec {praticien} le {date} à {heure}, {adresse}. Annulation : {telephone}';
	public const REMINDER_TEXT     = 'Rappel : RDV avec {praticien} le {date} à {heure}, {adresse}. Absence ? Prévenez le {telephone}';
	public const CANCELLATION_TEXT = 'Bonjour {prenom}, votre RDV du {date} à {heure} avec {praticien} est annulé. Nouveau RDV : {telephone}';

	private const TOP_KEYS  = array( 'appointmentTypes', 'retentionDays', 'sms', 'consentTextVersion', 'practice' );
	private const TYPE_KEYS = array( 'id', 'name', 'durationMinutes', 'colour', 'color', 'bufferBeforeMinutes', 'bufferAfterMinutes', 'minNoticeMinutes', 'horizonDays', 'slotIntervalMinutes', 'maxPerDay', 'bookableOnline' );
	private const SMS_KEYS  = array( 'confirmationEnabled', 'reminderEnabled', 'cancellationEnabled', 'reminderHoursBefore', 'senderName', 'texts', 'pricePerSegment' );
	private const KINDS     = array( 'confirmation', 'reminder', 'cancellation' );

	/**
	 * A fresh installation's configuration (without read-only fields): no appointment type,
	 * 120 days, SMS off.
	 *
	 * @return array<string,mixed>
	 */
	public static function fresh(): array {
		return array(
			'appointmentTypes' => array(),
			'retentionDays'    => 120,
			'sms'              => array(
				'confirmationEnabled' => false,
				'reminderEnabled'     => false,
				'cancellationEnabled' => false,
				'reminderHoursBefore' => 24,
				'senderName'          => 'CABINET',
				'texts'               => array(
					'confirmation' => self::CONFIRMATION_TEXT,
					'reminder'     => self::REMINDER_TEXT,
					'cancellation' => self::CANCELLATION_TEXT,
				),
			),
		);
	}

	/**
	 * The whole document as GET /config answers it: the stored configuration plus the
	 * read-only fields (price, consent version, practice) from their options.
	 *
	 * @return array<string,mixed>
	 */
	public static function document(): array {
		return self::with_read_only( Rdv_Options::config() );
	}

	/**
	 * A stored configuration completed with the read-only fields.
	 *
	 * @param array<string,mixed> $c Stored configuration.
	 * @return array<string,mixed>
	 */
	public static function with_read_only( array $c ): array {
		$sms                    = is_array( $c['sms'] ?? null ) ? $c['sms'] : self::fresh()['sms'];
		$sms['pricePerSegment'] = Rdv_Options::price_per_segment();
		return array(
			'appointmentTypes'   => array_values( is_array( $c['appointmentTypes'] ?? null ) ? $c['appointmentTypes'] : array() ),
			'retentionDays'      => (int) ( $c['retentionDays'] ?? 120 ),
			'sms'                => $sms,
			'consentTextVersion' => Rdv_Options::consent_version(),
			'practice'           => Rdv_Options::practice(),
		);
	}

	/** The current retention period, days. */
	public static function retention_days(): int {
		$d = (int) ( Rdv_Options::config()['retentionDays'] ?? 120 );
		return in_array( $d, self::RETENTION_DAYS, true ) ? $d : 120;
	}

	/**
	 * The ETag of a document: a hash of its JSON (equal documents, equal ETags), quoted.
	 *
	 * @param array<string,mixed> $doc Document.
	 */
	public static function etag( array $doc ): string {
		return '"' . substr( hash( 'sha256', (string) wp_json_encode( $doc ) ), 0, 20 ) . '"';
	}

	/**
	 * Whether an If-Match / If-None-Match header names `$current` (`*`, lists and `W/` accepted).
	 *
	 * @param string $header  Header value.
	 * @param string $current Current ETag.
	 */
	public static function etag_listed( string $header, string $current ): bool {
		$strip = static function ( string $s ): string {
			$s = trim( $s );
			while ( str_starts_with( $s, 'W/' ) ) {
				$s = substr( $s, 2 );
			}
			return trim( $s, '"' );
		};
		foreach ( explode( ',', $header ) as $e ) {
			if ( '*' === trim( $e ) || $strip( $e ) === $strip( $current ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks a PUT body (decoded with objects as stdClass) against the current document.
	 *
	 * @param mixed               $input   Decoded body (json_decode without `assoc`).
	 * @param array<string,mixed> $current Current document (with read-only fields).
	 * @return array{0:?array<string,mixed>,1:array<string,string>} [canonical document or null, problems path => message]
	 */
	public static function validate( $input, array $current ): array {
		$p = array();
		if ( ! is_object( $input ) ) {
			return array( null, array( 'body' => __( 'A JSON object is expected.', 'rdv-compagnon' ) ) );
		}
		$obj = get_object_vars( $input );
		foreach ( array_keys( $obj ) as $key ) {
			if ( ! in_array( (string) $key, self::TOP_KEYS, true ) ) {
				self::push( $p, (string) $key, self::unknown() );
			}
		}
		$types = array();
		if ( ! array_key_exists( 'appointmentTypes', $obj ) ) {
			self::push( $p, 'appointmentTypes', self::required() );
		} elseif ( is_array( $obj['appointmentTypes'] ) ) {
			if ( array() === $obj['appointmentTypes'] ) {
				self::push( $p, 'appointmentTypes', __( 'At least one appointment type is required.', 'rdv-compagnon' ) );
			}
			$seen = array();
			foreach ( array_values( $obj['appointmentTypes'] ) as $i => $t ) {
				$one = self::appointment_type( "appointmentTypes[$i]", $t, $seen, $p );
				if ( null !== $one ) {
					$types[ $i ] = $one;
				}
			}
		} else {
			self::push( $p, 'appointmentTypes', __( 'A list is expected.', 'rdv-compagnon' ) );
		}
		$retention = 0;
		if ( ! array_key_exists( 'retentionDays', $obj ) ) {
			self::push( $p, 'retentionDays', self::required() );
		} elseif ( is_int( $obj['retentionDays'] ) && in_array( $obj['retentionDays'], self::RETENTION_DAYS, true ) ) {
			$retention = $obj['retentionDays'];
		} else {
			self::push( $p, 'retentionDays', __( 'Retention period: 90, 120 or 240 days (terms art. 8.3).', 'rdv-compagnon' ) );
		}
		if ( $retention > 0 ) {
			foreach ( $types as $i => $t ) {
				if ( isset( $t['horizonDays'] ) && $t['horizonDays'] > $retention ) {
					self::push( $p, "appointmentTypes[$i].horizonDays", self::horizon_message( (int) $t['horizonDays'], $retention ) );
				}
			}
		}
		$practitioner = (string) ( $current['practice']['name'] ?? '' );
		$sms          = self::sms( $obj['sms'] ?? null, array_key_exists( 'sms', $obj ), (array) ( $current['sms'] ?? array() ), $practitioner, $p );
		foreach ( array( 'consentTextVersion', 'practice' ) as $key ) {
			if ( array_key_exists( $key, $obj ) && ! self::same( self::to_assoc( $obj[ $key ] ), $current[ $key ] ?? null ) ) {
				self::push( $p, $key, self::read_only() );
			}
		}
		if ( array() !== $p ) {
			return array( null, $p );
		}
		return array(
			array(
				'appointmentTypes'   => array_values( $types ),
				'retentionDays'      => $retention,
				'sms'                => $sms,
				'consentTextVersion' => $current['consentTextVersion'] ?? '',
				'practice'           => $current['practice'] ?? array(),
			),
			array(),
		);
	}

	/**
	 * The message refusing a booking horizon longer than the retention period.
	 *
	 * @param int $horizon   Horizon, days.
	 * @param int $retention Retention, days.
	 */
	public static function horizon_message( int $horizon, int $retention ): string {
		/* translators: 1: booking horizon in days, 2: retention period in days. */
		return sprintf( __( 'The booking horizon (%1$d days) cannot exceed the retention period (%2$d days).', 'rdv-compagnon' ), $horizon, $retention );
	}

	/**
	 * One appointment type in canonical form, or null after recording its problems.
	 *
	 * @param string               $path Field path.
	 * @param mixed                $t    Decoded value.
	 * @param string[]             $seen Ids seen so far.
	 * @param array<string,string> $p    Problems.
	 * @return ?array<string,mixed>
	 */
	private static function appointment_type( string $path, $t, array &$seen, array &$p ): ?array {
		if ( ! is_object( $t ) ) {
			self::push( $p, $path, __( 'An object is expected.', 'rdv-compagnon' ) );
			return null;
		}
		$obj    = get_object_vars( $t );
		$before = count( $p );
		foreach ( array_keys( $obj ) as $key ) {
			if ( ! in_array( (string) $key, self::TYPE_KEYS, true ) ) {
				self::push( $p, "$path.$key", self::unknown() );
			}
		}
		$check = static function ( bool $ok, string $key, string $message ) use ( &$p, $path ): void {
			if ( ! $ok ) {
				self::push( $p, "$path.$key", $message );
			}
		};
		$id = self::required_text( $obj, 'id' );
		if ( is_array( $id ) ) {
			$check( false, 'id', $id[0] );
			$id = null;
		} else {
			$check( '' !== $id && ! preg_match( '/[\s,]/u', $id ), 'id', __( 'Empty identifier, or one containing a comma or a space.', 'rdv-compagnon' ) );
			$check( ! in_array( $id, $seen, true ), 'id', __( 'Identifier already used by another appointment type.', 'rdv-compagnon' ) );
			$seen[] = $id;
		}
		$name = self::required_text( $obj, 'name' );
		if ( is_array( $name ) ) {
			$check( false, 'name', $name[0] );
			$name = null;
		} else {
			$check( '' !== trim( $name ), 'name', __( 'The appointment type name is empty.', 'rdv-compagnon' ) );
		}
		$colour = $obj['colour'] ?? ( $obj['color'] ?? null );
		$colour = is_string( $colour ) ? $colour : '#3F51B5';
		$check( (bool) preg_match( '/^#[0-9A-Fa-f]{6}$/D', $colour ), 'colour', __( 'A colour in the #RRGGBB form is expected.', 'rdv-compagnon' ) );
		$ints       = array();
		$duration   = self::int( $obj, 'durationMinutes', $path, $ints );
		$before_min = self::int( $obj, 'bufferBeforeMinutes', $path, $ints ) ?? 0;
		$after_min  = self::int( $obj, 'bufferAfterMinutes', $path, $ints ) ?? 0;
		$notice     = self::int( $obj, 'minNoticeMinutes', $path, $ints ) ?? 0;
		$horizon    = self::int( $obj, 'horizonDays', $path, $ints );
		$interval   = self::int( $obj, 'slotIntervalMinutes', $path, $ints );
		$max        = self::int( $obj, 'maxPerDay', $path, $ints );
		$online     = self::boolean( $obj, 'bookableOnline', $path, $ints ) ?? true;
		$typed      = array() === $ints;
		foreach ( $ints as $k => $m ) {
			self::push( $p, $k, $m );
		}
		if ( $typed ) {
			if ( null === $duration ) {
				$check( false, 'durationMinutes', self::required() );
			} elseif ( $duration <= 0 ) {
				$check( false, 'durationMinutes', __( 'The duration must be at least 1 minute.', 'rdv-compagnon' ) );
			}
			$check( null === $interval || $interval > 0, 'slotIntervalMinutes', __( 'The interval between two slots must be at least 1 minute.', 'rdv-compagnon' ) );
			$check( $before_min >= 0, 'bufferBeforeMinutes', __( 'A buffer cannot be negative.', 'rdv-compagnon' ) );
			$check( $after_min >= 0, 'bufferAfterMinutes', __( 'A buffer cannot be negative.', 'rdv-compagnon' ) );
			$check( $notice >= 0, 'minNoticeMinutes', __( 'The minimum notice cannot be negative.', 'rdv-compagnon' ) );
			$check( null === $horizon || $horizon >= 0, 'horizonDays', __( 'The booking horizon cannot be negative.', 'rdv-compagnon' ) );
			$check( null === $max || $max > 0, 'maxPerDay', __( 'The daily cap must be at least 1.', 'rdv-compagnon' ) );
		}
		if ( count( $p ) > $before ) {
			return null;
		}
		$out = array(
			'id'                  => $id,
			'name'                => $name,
			'durationMinutes'     => $duration,
			'colour'              => strtoupper( $colour ),
			'bufferBeforeMinutes' => $before_min,
			'bufferAfterMinutes'  => $after_min,
			'minNoticeMinutes'    => $notice,
			'bookableOnline'      => $online,
		);
		foreach ( array( 'horizonDays' => $horizon, 'slotIntervalMinutes' => $interval, 'maxPerDay' => $max ) as $k => $v ) {
			if ( null !== $v ) {
				$out[ $k ] = $v;
			}
		}
		return $out;
	}

	/**
	 * The `sms` object in canonical form (the price kept from `$current`).
	 *
	 * @param mixed                $input        Decoded value.
	 * @param bool                 $present      Whether the key was there.
	 * @param array<string,mixed>  $current      Current `sms`.
	 * @param string               $practitioner The name a text may show instead of {praticien}.
	 * @param array<string,string> $p            Problems.
	 * @return ?array<string,mixed>
	 */
	private static function sms( $input, bool $present, array $current, string $practitioner, array &$p ): ?array {
		if ( ! is_object( $input ) ) {
			self::push( $p, 'sms', $present ? __( 'An object is expected.', 'rdv-compagnon' ) : self::required() );
			return null;
		}
		$obj = get_object_vars( $input );
		foreach ( array_keys( $obj ) as $key ) {
			if ( ! in_array( (string) $key, self::SMS_KEYS, true ) ) {
				self::push( $p, "sms.$key", self::unknown() );
			}
		}
		$flags = array();
		foreach ( array( 'confirmationEnabled', 'reminderEnabled', 'cancellationEnabled' ) as $key ) {
			$had = count( $p );
			$b   = self::boolean( $obj, $key, 'sms', $p );
			if ( null !== $b ) {
				$flags[ $key ] = $b;
			} elseif ( count( $p ) === $had ) {
				self::push( $p, "sms.$key", self::required() );
			}
		}
		$had   = count( $p );
		$hours = self::int( $obj, 'reminderHoursBefore', 'sms', $p );
		if ( count( $p ) === $had && ( null === $hours || $hours < 1 || $hours > 72 ) ) {
			self::push( $p, 'sms.reminderHoursBefore', __( 'The reminder is sent between 1 and 72 hours before the appointment.', 'rdv-compagnon' ) );
		}
		$sender    = self::text( $obj, 'senderName', 'sms', $p );
		$sender_ok = null !== $sender && (bool) preg_match( '/^[A-Za-z0-9 ]{3,11}$/D', $sender ) && (bool) preg_match( '/[A-Za-z]/', $sender );
		if ( ! $sender_ok && ! isset( $p['sms.senderName'] ) ) {
			self::push( $p, 'sms.senderName', __( 'Sender name: 3 to 11 characters (letters without accents, digits, spaces), at least one letter.', 'rdv-compagnon' ) );
		}
		$texts = array();
		$t     = $obj['texts'] ?? null;
		if ( ! is_object( $t ) ) {
			self::push( $p, 'sms.texts', self::required() );
		} else {
			$t = get_object_vars( $t );
			foreach ( array_keys( $t ) as $key ) {
				if ( ! in_array( (string) $key, self::KINDS, true ) ) {
					self::push( $p, "sms.texts.$key", self::unknown() );
				}
			}
			foreach ( self::KINDS as $key ) {
				$s = $t[ $key ] ?? null;
				if ( ! is_string( $s ) ) {
					self::push( $p, "sms.texts.$key", self::required() );
					continue;
				}
				$problem = self::template_problem( $s, $practitioner );
				if ( null !== $problem ) {
					self::push( $p, "sms.texts.$key", $problem );
				} else {
					$texts[ $key ] = $s;
				}
			}
		}
		$price = (string) ( $current['pricePerSegment'] ?? Rdv_Options::price_per_segment() );
		if ( array_key_exists( 'pricePerSegment', $obj ) ) {
			$sent = $obj['pricePerSegment'];
			if ( ! is_string( $sent ) || null === self::micros( $sent ) || self::micros( $sent ) !== self::micros( $price ) ) {
				self::push( $p, 'sms.pricePerSegment', self::read_only() );
			}
		}
		return array(
			'confirmationEnabled' => $flags['confirmationEnabled'] ?? null,
			'reminderEnabled'     => $flags['reminderEnabled'] ?? null,
			'cancellationEnabled' => $flags['cancellationEnabled'] ?? null,
			'reminderHoursBefore' => $hours,
			'senderName'          => $sender,
			'texts'               => $texts,
			'pricePerSegment'     => $price,
		);
	}

	/**
	 * What is wrong with an SMS template, if anything (rules of `rdv_core::sms::template`).
	 *
	 * @param string $s            Template.
	 * @param string $practitioner Practitioner's name.
	 */
	public static function template_problem( string $s, string $practitioner ): ?string {
		if ( '' === trim( $s ) ) {
			return __( 'The SMS text is empty.', 'rdv-compagnon' );
		}
		if ( mb_strlen( $s, 'UTF-8' ) > self::MAX_TEXT ) {
			/* translators: %d: maximum number of characters. */
			return sprintf( __( 'Text too long: %d characters at most.', 'rdv-compagnon' ), self::MAX_TEXT );
		}
		$vars = self::variables( $s );
		if ( null === $vars ) {
			return __( 'A brace “{” is not closed.', 'rdv-compagnon' );
		}
		foreach ( $vars as $v ) {
			if ( ! in_array( $v, self::VARIABLES, true ) ) {
				return __( 'Unknown variable: use {prenom}, {date}, {heure}, {praticien}, {adresse} or {telephone}.', 'rdv-compagnon' );
			}
		}
		$name  = trim( $practitioner );
		$named = '' !== $name && str_contains( mb_strtolower( $s, 'UTF-8' ), mb_strtolower( $name, 'UTF-8' ) );
		if ( ! in_array( 'praticien', $vars, true ) && ! $named ) {
			return __( 'The text must say who sends it: {praticien} or the practitioner’s name (terms art. 1.5).', 'rdv-compagnon' );
		}
		return null;
	}

	/**
	 * The `{name}` variables of a template, names trimmed; null when a `{` is left open.
	 *
	 * @param string $text Template.
	 * @return ?string[]
	 */
	public static function variables( string $text ): ?array {
		$out  = array();
		$rest = $text;
		while ( false !== ( $open = strpos( $rest, '{' ) ) ) {
			$after = substr( $rest, $open + 1 );
			$close = strpos( $after, '}' );
			if ( false === $close ) {
				return null;
			}
			$out[] = trim( substr( $after, 0, $close ) );
			$rest  = substr( $after, $close + 1 );
		}
		return $out;
	}

	/**
	 * A price in euros (`"0.08"`) as micro-euros, null when not a plain decimal.
	 *
	 * @param string $price Decimal string.
	 */
	public static function micros( string $price ): ?int {
		if ( ! preg_match( '/^([0-9]+)(?:\.([0-9]{0,6}))?$/D', $price, $m ) ) {
			return null;
		}
		return (int) $m[1] * 1000000 + (int) str_pad( $m[2] ?? '', 6, '0' );
	}

	/**
	 * Micro-euros as a decimal string with at least two decimals (`3760000` → `"3.76"`).
	 *
	 * @param int $micros Amount.
	 */
	public static function euros( int $micros ): string {
		$frac = rtrim( sprintf( '%06d', $micros % 1000000 ), '0' );
		return intdiv( $micros, 1000000 ) . '.' . str_pad( $frac, 2, '0' );
	}

	/**
	 * An integer field (null when absent or null); records a problem when not a 32-bit integer.
	 *
	 * @param array<string,mixed>  $obj  Object.
	 * @param string               $key  Key.
	 * @param string               $path Path of the object.
	 * @param array<string,string> $p    Problems.
	 */
	private static function int( array $obj, string $key, string $path, array &$p ): ?int {
		$v = $obj[ $key ] ?? null;
		if ( null === $v ) {
			return null;
		}
		if ( is_int( $v ) && $v >= -2147483648 && $v <= 2147483647 ) {
			return $v;
		}
		self::push( $p, "$path.$key", __( 'An integer is expected.', 'rdv-compagnon' ) );
		return null;
	}

	/**
	 * A boolean field (null when absent or null).
	 *
	 * @param array<string,mixed>  $obj  Object.
	 * @param string               $key  Key.
	 * @param string               $path Path of the object.
	 * @param array<string,string> $p    Problems.
	 */
	private static function boolean( array $obj, string $key, string $path, array &$p ): ?bool {
		$v = $obj[ $key ] ?? null;
		if ( null === $v ) {
			return null;
		}
		if ( is_bool( $v ) ) {
			return $v;
		}
		self::push( $p, "$path.$key", __( 'A boolean is expected (true or false).', 'rdv-compagnon' ) );
		return null;
	}

	/**
	 * A text field (null when absent or null).
	 *
	 * @param array<string,mixed>  $obj  Object.
	 * @param string               $key  Key.
	 * @param string               $path Path of the object.
	 * @param array<string,string> $p    Problems.
	 */
	private static function text( array $obj, string $key, string $path, array &$p ): ?string {
		$v = $obj[ $key ] ?? null;
		if ( null === $v ) {
			return null;
		}
		if ( is_string( $v ) ) {
			return $v;
		}
		self::push( $p, "$path.$key", __( 'A text is expected.', 'rdv-compagnon' ) );
		return null;
	}

	/**
	 * A required text: the string, or `[message]` saying why it is missing.
	 *
	 * @param array<string,mixed> $obj Object.
	 * @param string              $key Key.
	 * @return string|string[]
	 */
	private static function required_text( array $obj, string $key ) {
		$v = $obj[ $key ] ?? null;
		if ( null === $v ) {
			return array( self::required() );
		}
		return is_string( $v ) ? $v : array( __( 'A text is expected.', 'rdv-compagnon' ) );
	}

	/**
	 * Records a problem (the first message of a path is kept).
	 *
	 * @param array<string,string> $p       Problems.
	 * @param string               $path    Field path.
	 * @param string               $message Message (never quotes the value).
	 */
	private static function push( array &$p, string $path, string $message ): void {
		if ( ! isset( $p[ $path ] ) ) {
			$p[ $path ] = $message;
		}
	}

	/**
	 * A decoded JSON value (stdClass objects) as nested arrays.
	 *
	 * @param mixed $v Value.
	 * @return mixed
	 */
	public static function to_assoc( $v ) {
		if ( is_object( $v ) ) {
			$v = get_object_vars( $v );
		}
		if ( is_array( $v ) ) {
			return array_map( array( self::class, 'to_assoc' ), $v );
		}
		return $v;
	}

	/**
	 * JSON equality (object keys in any order, types strict).
	 *
	 * @param mixed $a Value.
	 * @param mixed $b Value.
	 */
	private static function same( $a, $b ): bool {
		$sort = static function ( $v ) use ( &$sort ) {
			if ( is_array( $v ) ) {
				if ( array_keys( $v ) !== range( 0, count( $v ) - 1 ) ) {
					ksort( $v );
				}
				return array_map( $sort, $v );
			}
			return $v;
		};
		return $sort( $a ) === $sort( $b );
	}

	private static function required(): string {
		return __( 'Required field.', 'rdv-compagnon' );
	}

	private static function unknown(): string {
		return __( 'Unknown key: this field does not exist in the configuration.', 'rdv-compagnon' );
	}

	private static function read_only(): string {
		return __( 'Read-only field: it cannot be changed through the API.', 'rdv-compagnon' );
	}
}
