<?php
/**
 * The patient's booking form: the `[rdv_compagnon]` shortcode and the `rdv-compagnon/booking-form`
 * block (same server-side rendering), and the public slots route its script reads.
 *
 * Steps, each a normal page load (the form works without JavaScript):
 * 1. the appointment type (GET `rdv_type`);
 * 2. the free slots a week at a time in the practitioner's zone (GET `rdv_week`, the Monday),
 *    each a link carrying the slot and its signature (GET `rdv_slot`, `rdv_sig`);
 * 3. last name, first name, phone, e-mail and the consent checkbox (POST, nonce);
 * 4. the confirmation page (the POST's answer, `Cache-Control: no-store`).
 *
 * No session and no cookie: the state is in the query and hidden fields; the chosen slot is
 * signed (HMAC with the site's salt) so a forged one is refused; the nonce is WordPress's (shared
 * by logged-out visitors, so the signature and a fresh check of the slot do the real work).
 * assets/form.js only fetches the weeks of slots through `GET rdv-compagnon/v1/public/slots`,
 * which answers times, never who booked.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * The booking form.
 */
final class Rdv_Form {
	/** The nonce action of the booking submission. */
	public const NONCE = 'rdv_compagnon_book';
	/** The block's name. */
	public const BLOCK = 'rdv-compagnon/booking-form';
	/** The query arguments the form owns. */
	private const ARGS = array( 'rdv_type', 'rdv_week', 'rdv_slot', 'rdv_sig' );
	/** How many weeks ahead the first page looks for a week with a free slot. */
	private const SEARCH_WEEKS = 8;
	/** How many weeks ahead a visitor may page. */
	private const MAX_WEEKS = 53;
	/** The longest value redisplayed in a field after a refusal. */
	private const REDISPLAY_MAX = 200;

	/** The answer of this request's submission, for the rendering. */
	private static ?array $result = null;

	/**
	 * Hooks: shortcode, block, public route, submission, assets.
	 */
	public static function register(): void {
		add_shortcode( 'rdv_compagnon', array( self::class, 'shortcode' ) );
		add_action( 'init', array( self::class, 'register_block' ) );
		add_action( 'rest_api_init', array( self::class, 'register_routes' ) );
		add_action( 'template_redirect', array( self::class, 'on_template_redirect' ) );
	}

	/** The block (block.json) rendered by the same code as the shortcode. */
	public static function register_block(): void {
		$dir = RDV_COMPAGNON_DIR . '/blocks/booking-form';
		wp_register_script(
			'rdv-compagnon-block-editor',
			plugins_url( 'blocks/booking-form/editor.js', RDV_COMPAGNON_FILE ),
			array( 'wp-blocks', 'wp-element', 'wp-server-side-render', 'wp-i18n' ),
			RDV_COMPAGNON_VERSION,
			true
		);
		register_block_type(
			$dir,
			array( 'render_callback' => static fn() => self::render( self::query_args() ) )
		);
		wp_register_style( 'rdv-compagnon-form', plugins_url( 'assets/form.css', RDV_COMPAGNON_FILE ), array(), RDV_COMPAGNON_VERSION );
		wp_register_script( 'rdv-compagnon-form', plugins_url( 'assets/form.js', RDV_COMPAGNON_FILE ), array(), RDV_COMPAGNON_VERSION, true );
	}

	/** The shortcode `[rdv_compagnon]`. */
	public static function shortcode(): string {
		return self::render( self::query_args() );
	}

	/**
	 * A booking submission is handled before any output, so its answer can carry
	 * `Cache-Control: no-store` and the page shows the outcome.
	 */
	public static function on_template_redirect(): void {
		if ( ! isset( $_POST['rdv_compagnon_step'] ) || 'book' !== $_POST['rdv_compagnon_step'] ) { // phpcs:ignore WordPress.Security.NonceVerification -- verified in submit().
			return;
		}
		self::no_store();
		self::$result = self::submit( wp_unslash( $_POST ) ); // phpcs:ignore WordPress.Security.NonceVerification
		if ( 'rate_limited' === self::$result['status'] ) {
			status_header( 429 );
			header( 'Retry-After: ' . Rdv_Rate_Limit::BOOKINGS_WINDOW );
		} elseif ( in_array( self::$result['status'], array( 'invalid', 'forbidden' ), true ) ) {
			status_header( 400 );
		}
	}

	/** `Cache-Control: no-store` (and WordPress's no-cache headers). */
	private static function no_store(): void {
		if ( ! headers_sent() ) {
			nocache_headers();
			header( 'Cache-Control: no-store, no-cache, must-revalidate, max-age=0' );
		}
	}

	/** The public route: one week of free slots of one type. */
	public static function register_routes(): void {
		register_rest_route(
			'rdv-compagnon/v1',
			'/public/slots',
			array(
				'methods'             => 'GET',
				'callback'            => array( self::class, 'rest_slots' ),
				'permission_callback' => '__return_true',
				'args'                => array(
					'type' => array(
						'type'     => 'string',
						'required' => true,
					),
					'week' => array(
						'type'    => 'string',
						'default' => '',
					),
				),
			)
		);
	}

	/**
	 * `GET rdv-compagnon/v1/public/slots?type=&week=`: `{type, week, prevWeek, nextWeek, days:
	 * [{date, label, slots: [{start, time, label, sig}]}]}` — times only.
	 *
	 * @return WP_REST_Response|WP_Error
	 */
	public static function rest_slots( WP_REST_Request $request ) {
		if ( ! Rdv_Rate_Limit::read() ) {
			return new WP_Error( 'rdv_rate_limited', self::too_many_reads(), array( 'status' => 429 ) );
		}
		$type = self::online_type( (string) $request['type'] );
		if ( null === $type ) {
			return new WP_Error( 'rdv_unknown_type', __( 'This appointment type cannot be booked online.', 'rdv-compagnon' ), array( 'status' => 400 ) );
		}
		$week = self::week( (string) $request['week'] );
		if ( null === $week ) {
			return new WP_Error( 'rdv_invalid_week', __( 'This week cannot be shown.', 'rdv-compagnon' ), array( 'status' => 400 ) );
		}
		$slots = self::week_slots( $type['id'], $week );
		if ( is_wp_error( $slots ) ) {
			return $slots;
		}
		$response = new WP_REST_Response( self::week_data( $type['id'], $week, $slots ) );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * Handles a booking submission (already unslashed). Returns `['status' => …]`:
	 * `confirmed` (+ `booking`, `type`), `invalid` (+ `errors` field → message, `values`),
	 * `taken` (+ `type`, `week`), `forbidden` (nonce or slot signature), `rate_limited`,
	 * `unavailable` (Google unreachable or unlinked). Nothing is written unless every check passed.
	 */
	public static function submit( array $post ): array {
		$str = static fn( string $k ): string => isset( $post[ $k ] ) && is_string( $post[ $k ] ) ? $post[ $k ] : '';
		if ( ! Rdv_Rate_Limit::booking() ) {
			return array( 'status' => 'rate_limited' );
		}
		if ( ! wp_verify_nonce( $str( '_rdv_nonce' ), self::NONCE ) ) {
			return array( 'status' => 'forbidden' );
		}
		$type_id = $str( 'rdv_type' );
		$start   = $str( 'rdv_slot' );
		if ( ! hash_equals( self::sign( $type_id, $start ), $str( 'rdv_sig' ) ) ) {
			return array( 'status' => 'forbidden' );
		}
		$type = self::online_type( $type_id );
		$when = self::instant( $start );
		if ( null === $type || null === $when ) {
			return array( 'status' => 'forbidden' );
		}
		$values  = array();
		$errors  = array();
		$patient = Rdv_Patient::check(
			array(
				'last_name'  => $str( 'rdv_last_name' ),
				'first_name' => $str( 'rdv_first_name' ),
				'phone'      => $str( 'rdv_phone' ),
				'email'      => $str( 'rdv_email' ),
			)
		);
		foreach ( array( 'last_name', 'first_name', 'phone', 'email' ) as $f ) {
			$values[ $f ] = mb_substr( $str( 'rdv_' . $f ), 0, self::REDISPLAY_MAX );
		}
		if ( is_wp_error( $patient ) ) {
			foreach ( $patient->get_error_data()['fields'] as $field => $text ) {
				$errors[ $field ] = Rdv_Patient::message( $text );
			}
		}
		if ( '1' !== $str( 'rdv_consent' ) ) {
			$errors['consent'] = __( 'Please accept the use of your data for this appointment (see the legal notices).', 'rdv-compagnon' );
		}
		if ( $errors ) {
			return array(
				'status' => 'invalid',
				'errors' => $errors,
				'values' => $values,
				'type'   => $type['id'],
				'slot'   => $start,
			);
		}
		$week  = self::monday_of( $when );
		$slots = self::week_slots( $type['id'], $week );
		if ( is_wp_error( $slots ) ) {
			return array( 'status' => 'unavailable' );
		}
		if ( ! in_array( $start, array_column( $slots, 'start' ), true ) ) {
			return array(
				'status' => 'taken',
				'type'   => $type['id'],
				'week'   => $week,
			);
		}
		$taken = Rdv_Booking::take( $patient, $type['id'], $start, Rdv_Options::consent_version() );
		if ( is_wp_error( $taken ) ) {
			if ( 'rdv_slot_taken' === $taken->get_error_code() ) {
				return array(
					'status' => 'taken',
					'type'   => $type['id'],
					'week'   => $week,
				);
			}
			return array( 'status' => 'unavailable' );
		}
		return array(
			'status'  => 'confirmed',
			'type'    => $type['id'],
			'start'   => $start,
			'phone'   => null !== $patient['phone'],
			'booking' => $taken,
		);
	}

	/**
	 * The form's HTML for the query `$args` (the request's `rdv_*` query arguments) and the
	 * outcome of a submission (default: this request's, if any).
	 */
	public static function render( array $args, ?array $result = null ): string {
		wp_enqueue_style( 'rdv-compagnon-form' );
		wp_enqueue_script( 'rdv-compagnon-form' );
		$args   = array_merge( array_fill_keys( self::ARGS, '' ), $args );
		$result = $result ?? self::$result;
		$html   = '';
		if ( null !== $result ) {
			$html = self::render_result( $result );
		}
		if ( null === $result || in_array( $result['status'], array( 'taken', 'forbidden' ), true ) ) {
			$html .= self::render_step( $args, $result );
		}
		$attrs = sprintf(
			' data-rest="%s" data-page="%s"',
			esc_url( rest_url( 'rdv-compagnon/v1/public/slots' ) ),
			esc_url( self::page_url() )
		);
		return '<div class="rdv-compagnon" id="rdv-compagnon"' . $attrs . '>' . $html . '</div>';
	}

	/** The page for the GET arguments: the type choice, a week of slots, or the patient form. */
	private static function render_step( array $args, ?array $result ): string {
		if ( null !== $result && 'taken' === $result['status'] ) {
			return self::render_week( $result['type'], $result['week'], false );
		}
		$type = '' !== $args['rdv_type'] ? self::online_type( $args['rdv_type'] ) : null;
		if ( null === $type ) {
			$notice = '' !== $args['rdv_type'] ? self::notice( __( 'This appointment type cannot be booked online.', 'rdv-compagnon' ) ) : '';
			return $notice . self::render_types();
		}
		if ( '' !== $args['rdv_slot'] ) {
			$when = self::instant( $args['rdv_slot'] );
			if ( null === $when || ! hash_equals( self::sign( $type['id'], $args['rdv_slot'] ), $args['rdv_sig'] ) ) {
				return self::notice( __( 'This slot is not offered. Please choose another one.', 'rdv-compagnon' ) ) . self::render_week( $type['id'], null, true );
			}
			return self::render_patient( $type, $args['rdv_slot'], array(), array() );
		}
		if ( '' !== $args['rdv_week'] && null === self::week( $args['rdv_week'] ) ) {
			return self::notice( __( 'This week cannot be shown.', 'rdv-compagnon' ) ) . self::render_week( $type['id'], null, true );
		}
		return self::render_week( $type['id'], '' !== $args['rdv_week'] ? self::week( $args['rdv_week'] ) : null, '' === $args['rdv_week'] );
	}

	/** The outcome of a submission. */
	private static function render_result( array $r ): string {
		switch ( $r['status'] ) {
			case 'confirmed':
				return self::render_confirmed( $r );
			case 'invalid':
				$type = self::online_type( $r['type'] );
				return self::render_patient( $type, $r['slot'], $r['errors'], $r['values'] );
			case 'taken':
				return self::notice( __( 'This slot has just been taken. Here are the next free slots.', 'rdv-compagnon' ), 'rdv-compagnon__notice--taken' );
			case 'rate_limited':
				return self::notice( __( 'Too many booking attempts from your connection. Please wait ten minutes, or call the practice.', 'rdv-compagnon' ) );
			case 'unavailable':
				return self::unavailable();
			default: // forbidden
				return self::notice( __( 'This form has expired or was not sent by this page. Please choose your slot again.', 'rdv-compagnon' ) );
		}
	}

	/** Step 1: the types bookable online, as links. */
	private static function render_types(): string {
		$types = self::online_types();
		if ( ! $types ) {
			return self::unavailable();
		}
		$items = '';
		foreach ( $types as $t ) {
			$items .= sprintf(
				'<li><a class="rdv-compagnon__choice" data-rdv-type="%s" href="%s">%s <span class="rdv-compagnon__muted">%s</span></a></li>',
				esc_attr( $t['id'] ),
				esc_url( self::url( array( 'rdv_type' => $t['id'] ) ) ),
				esc_html( $t['name'] ),
				/* translators: %d: the appointment's length in minutes. */
				esc_html( sprintf( __( '%d min', 'rdv-compagnon' ), (int) $t['durationMinutes'] ) )
			);
		}
		return '<h2 class="rdv-compagnon__title">' . esc_html__( 'Choose the reason for your visit', 'rdv-compagnon' ) . '</h2>'
			. '<ul class="rdv-compagnon__choices">' . $items . '</ul>';
	}

	/**
	 * Step 2: one week of free slots. `$week` null: this week, or with `$search` the first week
	 * with a free slot among the next ones.
	 */
	private static function render_week( string $type_id, ?string $week, bool $search ): string {
		if ( ! Rdv_Rate_Limit::read() ) {
			return self::notice( self::too_many_reads() );
		}
		$week  = $week ?? self::this_week();
		$slots = self::week_slots( $type_id, $week );
		for ( $i = 0; $search && ! is_wp_error( $slots ) && ! $slots && $i < self::SEARCH_WEEKS; $i++ ) {
			$next = self::shift( $week, 1 );
			if ( null === $next ) {
				break;
			}
			$week  = $next;
			$slots = self::week_slots( $type_id, $week );
		}
		if ( is_wp_error( $slots ) ) {
			return self::unavailable();
		}
		$data = self::week_data( $type_id, $week, $slots );
		$type = self::online_type( $type_id );
		$html = '<h2 class="rdv-compagnon__title">' . esc_html( $type['name'] ) . '</h2>'
			. '<p><a href="' . esc_url( self::url( array() ) ) . '">' . esc_html__( 'Change the reason for the visit', 'rdv-compagnon' ) . '</a></p>';
		$nav  = '<nav class="rdv-compagnon__weeks" aria-label="' . esc_attr__( 'Weeks', 'rdv-compagnon' ) . '">';
		if ( $data['prevWeek'] ) {
			$nav .= '<a class="rdv-compagnon__week-link" data-week="' . esc_attr( $data['prevWeek'] ) . '" href="' . esc_url( self::url( array( 'rdv_type' => $type_id, 'rdv_week' => $data['prevWeek'] ) ) ) . '">' . esc_html__( '← Previous week', 'rdv-compagnon' ) . '</a>';
		}
		if ( $data['nextWeek'] ) {
			$nav .= '<a class="rdv-compagnon__week-link" data-week="' . esc_attr( $data['nextWeek'] ) . '" href="' . esc_url( self::url( array( 'rdv_type' => $type_id, 'rdv_week' => $data['nextWeek'] ) ) ) . '">' . esc_html__( 'Next week →', 'rdv-compagnon' ) . '</a>';
		}
		$nav .= '</nav>';
		return $html . $nav . '<div class="rdv-compagnon__week" aria-live="polite" data-type="' . esc_attr( $type_id ) . '"'
			. ' data-empty="' . esc_attr__( 'No free slot this week.', 'rdv-compagnon' ) . '"'
			. ' data-prev="' . esc_attr__( '← Previous week', 'rdv-compagnon' ) . '"'
			. ' data-next="' . esc_attr__( 'Next week →', 'rdv-compagnon' ) . '"'
			. ' data-error="' . esc_attr__( 'The slots could not be loaded.', 'rdv-compagnon' ) . '">'
			. self::week_html( $data ) . '</div>';
	}

	/** The inside of the week's live region (also built by form.js from the same data). */
	private static function week_html( array $data ): string {
		$html = '<h3 class="rdv-compagnon__week-title" tabindex="-1">' . esc_html( $data['label'] ) . '</h3><div class="rdv-compagnon__days">';
		if ( ! $data['days'] ) {
			$html .= '<p>' . esc_html__( 'No free slot this week.', 'rdv-compagnon' ) . '</p>';
		}
		foreach ( $data['days'] as $day ) {
			$html .= '<section class="rdv-compagnon__day"><h4>' . esc_html( $day['label'] ) . '</h4><ul class="rdv-compagnon__slots">';
			foreach ( $day['slots'] as $s ) {
				$html .= sprintf(
					'<li><a class="rdv-compagnon__slot" data-rdv-slot="%s" href="%s" aria-label="%s">%s</a></li>',
					esc_attr( $s['start'] ),
					esc_url( self::url( array( 'rdv_type' => $data['type'], 'rdv_slot' => $s['start'], 'rdv_sig' => $s['sig'] ) ) ),
					esc_attr( $s['label'] ),
					esc_html( $s['time'] )
				);
			}
			$html .= '</ul></section>';
		}
		return $html . '</div>';
	}

	/** Step 3: the patient's fields and consent (POST). */
	private static function render_patient( array $type, string $start, array $errors, array $values ): string {
		$when  = self::instant( $start );
		$label = self::when_label( $when );
		$html  = '<h2 class="rdv-compagnon__title">' . esc_html__( 'Your details', 'rdv-compagnon' ) . '</h2>'
			. '<p class="rdv-compagnon__chosen"><strong>' . esc_html( $type['name'] ) . '</strong> — ' . esc_html( $label )
			. ' <a href="' . esc_url( self::url( array( 'rdv_type' => $type['id'], 'rdv_week' => self::monday_of( $when ) ) ) ) . '">' . esc_html__( 'Choose another slot', 'rdv-compagnon' ) . '</a></p>';
		if ( $errors ) {
			$items = '';
			foreach ( $errors as $field => $message ) {
				$items .= '<li><a href="#rdv-' . esc_attr( $field ) . '">' . esc_html( $message ) . '</a></li>';
			}
			$html .= '<div class="rdv-compagnon__errors" data-rdv-error role="alert" tabindex="-1"><p>' . esc_html__( 'Please correct the following:', 'rdv-compagnon' ) . '</p><ul>' . $items . '</ul></div>';
		}
		$html .= '<form method="post" action="' . esc_url( self::url( array( 'rdv_type' => $type['id'] ) ) ) . '#rdv-compagnon" class="rdv-compagnon__form" data-rdv-form novalidate>';
		$html .= wp_nonce_field( self::NONCE, '_rdv_nonce', false, false );
		$html .= '<input type="hidden" name="rdv_compagnon_step" value="book">'
			. '<input type="hidden" name="rdv_type" value="' . esc_attr( $type['id'] ) . '">'
			. '<input type="hidden" name="rdv_slot" value="' . esc_attr( $start ) . '">'
			. '<input type="hidden" name="rdv_sig" value="' . esc_attr( self::sign( $type['id'], $start ) ) . '">';
		$html .= '<fieldset><legend>' . esc_html__( 'Who is the appointment for?', 'rdv-compagnon' ) . '</legend>';
		$html .= self::field( 'last_name', __( 'Last name', 'rdv-compagnon' ), 'text', 'family-name', true, $errors, $values );
		$html .= self::field( 'first_name', __( 'First name', 'rdv-compagnon' ), 'text', 'given-name', true, $errors, $values );
		$html .= self::field( 'phone', __( 'Mobile phone (for the confirmation and reminder text messages)', 'rdv-compagnon' ), 'tel', 'tel', false, $errors, $values );
		$html .= self::field( 'email', __( 'E-mail', 'rdv-compagnon' ), 'email', 'email', false, $errors, $values );
		$html .= '<p class="rdv-compagnon__hint">' . esc_html__( 'Give at least your phone or your e-mail, so the practice can reach you.', 'rdv-compagnon' ) . '</p>';
		$html .= '</fieldset>';
		$legal   = Rdv_Options::legal_url();
		$link    = '' !== $legal ? ' <a href="' . esc_url( $legal ) . '" target="_blank" rel="noopener">' . esc_html__( 'Legal notices (opens a new tab)', 'rdv-compagnon' ) . '</a>' : '';
		$invalid = isset( $errors['consent'] );
		$html   .= '<div class="rdv-compagnon__field rdv-compagnon__consent' . ( $invalid ? ' rdv-compagnon__field--invalid' : '' ) . '">'
			. '<input type="checkbox" id="rdv-consent" name="rdv_consent" value="1" required'
			. ( $invalid ? ' aria-invalid="true" aria-describedby="rdv-consent-error"' : '' ) . '>'
			. ' <label for="rdv-consent">' . esc_html__( 'I agree that the practice keeps my name and contact details to manage this appointment and send me its reminders.', 'rdv-compagnon' ) . '</label>'
			. $link
			. ( $invalid ? '<p class="rdv-compagnon__error" id="rdv-consent-error">' . esc_html( $errors['consent'] ) . '</p>' : '' )
			. '</div>';
		$html .= '<p><button type="submit" class="rdv-compagnon__submit">' . esc_html__( 'Confirm the appointment', 'rdv-compagnon' ) . '</button></p></form>';
		return $html;
	}

	/** One labelled input, its error tied to it by aria-describedby. */
	private static function field( string $name, string $label, string $type, string $autocomplete, bool $required, array $errors, array $values ): string {
		$id      = 'rdv-' . $name;
		$invalid = isset( $errors[ $name ] );
		$html    = '<div class="rdv-compagnon__field' . ( $invalid ? ' rdv-compagnon__field--invalid' : '' ) . '">'
			. '<label for="' . esc_attr( $id ) . '">' . esc_html( $label ) . ( $required ? ' <span aria-hidden="true">*</span>' : '' ) . '</label>'
			. '<input type="' . esc_attr( $type ) . '" id="' . esc_attr( $id ) . '" name="rdv_' . esc_attr( $name ) . '" autocomplete="' . esc_attr( $autocomplete ) . '"'
			. ' maxlength="' . ( 'email' === $name ? 254 : 100 ) . '"'
			. ( 'phone' === $name ? ' inputmode="tel"' : '' )
			. ( $required ? ' required aria-required="true"' : '' )
			. ( $invalid ? ' aria-invalid="true" aria-describedby="' . esc_attr( $id . '-error' ) . '"' : '' )
			. ' value="' . esc_attr( $values[ $name ] ?? '' ) . '">';
		if ( $invalid ) {
			$html .= '<p class="rdv-compagnon__error" id="' . esc_attr( $id . '-error' ) . '">' . esc_html( $errors[ $name ] ) . '</p>';
		}
		return $html . '</div>';
	}

	/** Step 4: the confirmation. */
	private static function render_confirmed( array $r ): string {
		$type     = self::online_type( $r['type'] );
		$practice = Rdv_Options::practice();
		$html     = '<div class="rdv-compagnon__confirmed" data-rdv-confirmation data-rdv-event="' . esc_attr( $r['booking']['event_id'] ?? '' ) . '"><h2 class="rdv-compagnon__title" tabindex="-1">' . esc_html__( 'Your appointment is booked', 'rdv-compagnon' ) . '</h2>'
			. '<p><strong>' . esc_html( $type ? $type['name'] : $r['type'] ) . '</strong> — ' . esc_html( self::when_label( self::instant( $r['start'] ) ) ) . '</p>';
		if ( ! empty( $practice['name'] ) ) {
			$html .= '<p>' . esc_html( $practice['name'] ) . ( ! empty( $practice['address'] ) ? '<br>' . esc_html( $practice['address'] ) : '' ) . '</p>';
		}
		if ( $r['phone'] ) {
			$html .= '<p>' . esc_html__( 'You will receive a confirmation text message.', 'rdv-compagnon' ) . '</p>';
		}
		if ( ! empty( $practice['phone'] ) ) {
			/* translators: %s: the practice's phone number. */
			$html .= '<p>' . esc_html( sprintf( __( 'To cancel, call the practice at %s.', 'rdv-compagnon' ), $practice['phone'] ) ) . '</p>';
		}
		return $html . '</div>';
	}

	/** Online booking is unavailable (Google unreachable or unlinked, no type): say so, nothing lost. */
	private static function unavailable(): string {
		$practice = Rdv_Options::practice();
		$text     = __( 'Online booking is unavailable for now.', 'rdv-compagnon' );
		if ( ! empty( $practice['phone'] ) ) {
			/* translators: %s: the practice's phone number. */
			$text .= ' ' . sprintf( __( 'Please call the practice at %s.', 'rdv-compagnon' ), $practice['phone'] );
		}
		return self::notice( $text );
	}

	/** A notice announced to screen readers. */
	private static function notice( string $text, string $class = '' ): string {
		return '<p class="rdv-compagnon__notice ' . esc_attr( $class ) . '" data-rdv-error role="status">' . esc_html( $text ) . '</p>';
	}

	/** The refusal of too many reads. */
	private static function too_many_reads(): string {
		return __( 'Too many requests from your connection. Please wait a minute and try again.', 'rdv-compagnon' );
	}

	/**
	 * The free slots of a type for the week starting on Monday `$week` (local dates).
	 *
	 * @return array|WP_Error The Rdv_Slots answers of that type, or `rdv_google_unavailable`.
	 */
	private static function week_slots( string $type_id, string $week ) {
		$tz   = new DateTimeZone( Rdv_Options::time_zone() );
		$from = DateTimeImmutable::createFromFormat( '!Y-m-d', $week, $tz );
		$to   = $from->modify( '+7 days' );
		try {
			$in = Rdv_Calendar::inputs( $from->modify( '-1 day' ), $to->modify( '+1 day' ) );
			if ( is_wp_error( $in ) ) {
				return $in;
			}
			$slots = Rdv_Slots::compute( $in['types'], $in['availability'], $in['busy'], $in['bookings'], Rdv_Clock::now(), $in['tz'], $week, $to->format( 'Y-m-d' ), $type_id );
		} catch ( Throwable $e ) {
			// Google unreachable or revoked, or a broken installation: the page says booking is
			// unavailable; the log gets the kind of failure only (no data).
			error_log( 'rdv-compagnon: slots unavailable (' . get_class( $e ) . ')' ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
			return new WP_Error( 'rdv_google_unavailable', __( 'Online booking is unavailable for now.', 'rdv-compagnon' ), array( 'status' => 503 ) );
		}
		return $slots[ $type_id ] ?? array();
	}

	/** The week's data as the public route answers it. */
	private static function week_data( string $type_id, string $week, array $slots ): array {
		$tz   = new DateTimeZone( Rdv_Options::time_zone() );
		$days = array();
		foreach ( $slots as $s ) {
			$local = ( new DateTimeImmutable( $s['start'] ) )->setTimezone( $tz );
			$date  = $local->format( 'Y-m-d' );
			if ( ! isset( $days[ $date ] ) ) {
				$days[ $date ] = array(
					'date'  => $date,
					'label' => self::day_label( $local ),
					'slots' => array(),
				);
			}
			$days[ $date ]['slots'][] = array(
				'start' => $s['start'],
				'time'  => self::time_label( $local ),
				'label' => self::when_label( $local ),
				'sig'   => self::sign( $type_id, $s['start'] ),
			);
		}
		$monday = DateTimeImmutable::createFromFormat( '!Y-m-d', $week, $tz );
		return array(
			'type'     => $type_id,
			'week'     => $week,
			/* translators: %s: the week's first day (« lundi 23/11 »). */
			'label'    => sprintf( __( 'Week of %s', 'rdv-compagnon' ), self::day_label( $monday ) ),
			'prevWeek' => $week > self::this_week() ? self::shift( $week, -1 ) : null,
			'nextWeek' => self::shift( $week, 1 ),
			'days'     => array_values( $days ),
		);
	}

	/** The Monday of the current week, in the practitioner's zone. */
	private static function this_week(): string {
		return self::monday_of( Rdv_Clock::now() );
	}

	/** The Monday (`Y-m-d`) of the local week holding instant `$t`. */
	private static function monday_of( DateTimeImmutable $t ): string {
		$local = $t->setTimezone( new DateTimeZone( Rdv_Options::time_zone() ) );
		return $local->modify( '-' . ( (int) $local->format( 'N' ) - 1 ) . ' days' )->format( 'Y-m-d' );
	}

	/** `$week` moved by `$n` weeks, or null outside [this week, this week + MAX_WEEKS]. */
	private static function shift( string $week, int $n ): ?string {
		$d = ( new DateTimeImmutable( $week, new DateTimeZone( 'UTC' ) ) )->modify( ( $n >= 0 ? '+' : '' ) . ( 7 * $n ) . ' days' )->format( 'Y-m-d' );
		return self::week( $d );
	}

	/**
	 * A typed week (`Y-m-d`, any day of it) as its Monday, or null if not a date or outside
	 * [this week, this week + MAX_WEEKS]. Empty: this week.
	 */
	private static function week( string $typed ): ?string {
		if ( '' === $typed ) {
			return self::this_week();
		}
		if ( ! preg_match( '/^\d{4}-\d{2}-\d{2}$/D', $typed ) ) {
			return null;
		}
		$tz = new DateTimeZone( Rdv_Options::time_zone() );
		$d  = DateTimeImmutable::createFromFormat( '!Y-m-d', $typed, $tz );
		if ( false === $d || $d->format( 'Y-m-d' ) !== $typed ) {
			return null;
		}
		$monday = $d->modify( '-' . ( (int) $d->format( 'N' ) - 1 ) . ' days' )->format( 'Y-m-d' );
		$first  = self::this_week();
		$last   = ( new DateTimeImmutable( $first, new DateTimeZone( 'UTC' ) ) )->modify( '+' . ( 7 * self::MAX_WEEKS ) . ' days' )->format( 'Y-m-d' );
		return ( $monday < $first || $monday > $last ) ? null : $monday;
	}

	/** An RFC 3339 UTC instant as the slots write it (`2026-11-24T13:30:00Z`), or null. */
	private static function instant( string $s ): ?DateTimeImmutable {
		if ( ! preg_match( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/D', $s ) ) {
			return null;
		}
		$t = DateTimeImmutable::createFromFormat( 'Y-m-d\TH:i:s\Z', $s, new DateTimeZone( 'UTC' ) );
		return ( false === $t || Rdv_Clock::rfc3339( $t ) !== $s ) ? null : $t;
	}

	/** The signature of an offered slot (HMAC of type and start with the site's salt). */
	public static function sign( string $type_id, string $start ): string {
		return substr( hash_hmac( 'sha256', 'slot|' . $type_id . '|' . $start, wp_salt( 'nonce' ) ), 0, 32 );
	}

	/** The configuration's types bookable online. */
	private static function online_types(): array {
		$config = Rdv_Options::config();
		$types  = isset( $config['appointmentTypes'] ) && is_array( $config['appointmentTypes'] ) ? $config['appointmentTypes'] : array();
		return array_values( array_filter( $types, static fn( $t ) => is_array( $t ) && isset( $t['id'], $t['name'] ) && ( $t['bookableOnline'] ?? true ) ) );
	}

	/** The type bookable online with this id, or null. */
	private static function online_type( string $id ): ?array {
		foreach ( self::online_types() as $t ) {
			if ( $t['id'] === $id ) {
				return $t;
			}
		}
		return null;
	}

	/** « mardi 24/11 » (the weekday in the site's language). */
	public static function day_label( DateTimeImmutable $local ): string {
		$days = array(
			1 => __( 'Monday', 'rdv-compagnon' ),
			2 => __( 'Tuesday', 'rdv-compagnon' ),
			3 => __( 'Wednesday', 'rdv-compagnon' ),
			4 => __( 'Thursday', 'rdv-compagnon' ),
			5 => __( 'Friday', 'rdv-compagnon' ),
			6 => __( 'Saturday', 'rdv-compagnon' ),
			7 => __( 'Sunday', 'rdv-compagnon' ),
		);
		return $days[ (int) $local->format( 'N' ) ] . ' ' . $local->format( 'd/m' );
	}

	/** « 14h30 » (24 h). */
	public static function time_label( DateTimeImmutable $local ): string {
		/* translators: PHP date format of a time of day: « G\hi » gives 9h05, 14h30. */
		return $local->format( __( 'H:i', 'rdv-compagnon' ) );
	}

	/** « mardi 24/11 à 14h30 » in the practitioner's zone. */
	public static function when_label( DateTimeImmutable $t ): string {
		$local = $t->setTimezone( new DateTimeZone( Rdv_Options::time_zone() ) );
		/* translators: 1: the day (« mardi 24/11 »), 2: the time (« 14h30 »). */
		return sprintf( __( '%1$s at %2$s', 'rdv-compagnon' ), self::day_label( $local ), self::time_label( $local ) );
	}

	/** The request's form arguments, as strings (absent: empty). */
	private static function query_args(): array {
		$out = array();
		foreach ( self::ARGS as $k ) {
			$out[ $k ] = isset( $_GET[ $k ] ) && is_string( $_GET[ $k ] ) ? sanitize_text_field( wp_unslash( $_GET[ $k ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification -- read-only navigation.
		}
		return $out;
	}

	/** The page's address (path and other query arguments, relative) without the form's arguments. */
	private static function page_url(): string {
		$uri = isset( $_SERVER['REQUEST_URI'] ) ? esc_url_raw( wp_unslash( $_SERVER['REQUEST_URI'] ) ) : '/';
		$uri = (string) preg_replace( '#^[a-z][a-z0-9+.-]*://[^/]*#i', '', $uri ); // A path, never another host…
		$uri = (string) preg_replace( '#^[/\\\\]+#', '/', $uri );                  // …nor `//host/` (protocol-relative).
		return remove_query_arg( self::ARGS, '' !== $uri ? $uri : '/' );
	}

	/** The page's URL with these form arguments. */
	private static function url( array $args ): string {
		return add_query_arg( array_map( 'rawurlencode', $args ), self::page_url() );
	}
}
