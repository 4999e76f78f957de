<?php
/**
 * The contract's routes (docs/booking-endpoint.md), namespace `rdv-compagnon/v1`: status,
 * configuration with ETags, the change feed, cancel, SMS usage, erasure, and version 1.1's
 * recording of app bookings and moves. Every route needs an authenticated user with
 * `rdv_compagnon_manage` (application passwords); every answer carries `Cache-Control: no-store`.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * REST routes and their handlers.
 */
final class Rdv_Rest {
	/** The REST namespace. */
	public const NAMESPACE = 'rdv-compagnon/v1';
	/** The contract version `GET /status` reports. */
	public const API_VERSION = '1.1';
	/** What a booking id may look like (Google event ids, instances included). */
	private const ID_PATTERN = '/^[A-Za-z0-9_-]{1,64}$/D';

	/**
	 * `rest_api_init`: the routes and the no-store header.
	 */
	public static function register_routes(): void {
		$auth  = array( self::class, 'permission' );
		$ns    = self::NAMESPACE;
		$route = static function ( string $path, string $methods, string $callback, array $args = array() ) use ( $ns, $auth ): void {
			register_rest_route(
				$ns,
				$path,
				array(
					'methods'             => $methods,
					'callback'            => array( self::class, $callback ),
					'permission_callback' => $auth,
					'args'                => $args,
				)
			);
		};
		$route( '/status', 'GET', 'status' );
		$route( '/config', 'GET', 'get_config' );
		$route( '/config', 'PUT', 'put_config' );
		$route(
			'/bookings',
			'GET',
			'bookings',
			array(
				'limit'  => array(
					'type'    => 'integer',
					'minimum' => 1,
					'maximum' => Rdv_Records::MAX_LIMIT,
				),
				'cursor' => array( 'type' => 'string' ),
			)
		);
		$route( '/bookings/(?P<id>[^/]+)', 'PUT', 'put_booking' );
		$route( '/bookings/(?P<id>[^/]+)/cancel', 'POST', 'cancel' );
		$route( '/bookings/(?P<id>[^/]+)/moved', 'POST', 'moved' );
		$route( '/sms/usage', 'GET', 'usage', array( 'month' => array( 'type' => 'string' ) ) );
		$route( '/erasure', 'GET', 'erasure_preview', array( 'email' => array( 'type' => 'string' ), 'phone' => array( 'type' => 'string' ) ) );
		$route( '/erasure', 'POST', 'erase' );
		add_filter( 'rest_post_dispatch', array( self::class, 'no_store' ), 10, 3 );
		add_filter( 'rest_send_nocache_headers', array( self::class, 'send_nocache' ) );
		add_filter( 'nocache_headers', array( self::class, 'nocache_headers' ) );
		add_filter( 'rest_authentication_errors', array( self::class, 'authenticate_early' ), 89 );
	}

	/** Whether the HTTP request being served is one of this namespace's routes. */
	private static function is_ours(): bool {
		$route = $GLOBALS['wp']->query_vars['rest_route'] ?? '';
		return is_string( $route ) && str_starts_with( ltrim( $route, '/' ), self::NAMESPACE );
	}

	/**
	 * `rest_authentication_errors` (before WordPress's application-password check at 90): asks
	 * who the user is, so that a wrong application password or an unknown user is reported as
	 * `incorrect_password` / `invalid_username` (401) as the contract says. WordPress 6.1 only
	 * checks the credentials later, at the permission check, and then answers `rest_forbidden`,
	 * which the app reads as "the host strips the Authorization header".
	 *
	 * @param mixed $result Errors so far.
	 * @return mixed
	 */
	public static function authenticate_early( $result ) {
		if ( empty( $result ) && self::is_ours() ) {
			is_user_logged_in();
		}
		return $result;
	}

	/**
	 * `rest_send_nocache_headers`: always for this namespace (errors to anonymous callers too).
	 *
	 * @param bool $send Whether WordPress sends them.
	 */
	public static function send_nocache( $send ): bool {
		return self::is_ours() ? true : (bool) $send;
	}

	/**
	 * `nocache_headers`: `no-store` added for this namespace (personal data never in a cache).
	 *
	 * @param array<string,string> $headers Headers.
	 * @return array<string,string>
	 */
	public static function nocache_headers( $headers ) {
		if ( is_array( $headers ) && self::is_ours() ) {
			$headers['Cache-Control'] = 'no-cache, must-revalidate, max-age=0, no-store, private';
		}
		return $headers;
	}

	/**
	 * Every route: 401 without a user, 403 without the capability (WordPress's codes).
	 *
	 * @return true|WP_Error
	 */
	public static function permission() {
		if ( ! is_user_logged_in() ) {
			return new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to do that.' ), array( 'status' => rest_authorization_required_code() ) ); // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- WordPress's own message.
		}
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			return new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to do that.' ), array( 'status' => 403 ) ); // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- WordPress's own message.
		}
		return true;
	}

	/**
	 * `rest_post_dispatch`: answers of this namespace (errors included) are never cached.
	 *
	 * @param WP_HTTP_Response $response Response.
	 * @param WP_REST_Server   $server   Server.
	 * @param WP_REST_Request  $request  Request.
	 * @return WP_HTTP_Response
	 */
	public static function no_store( $response, $server, $request ) {
		if ( $response instanceof WP_HTTP_Response && str_starts_with( ltrim( (string) $request->get_route(), '/' ), self::NAMESPACE ) ) {
			$response->header( 'Cache-Control', 'no-cache, must-revalidate, max-age=0, no-store, private' );
		}
		return $response;
	}

	/**
	 * `GET /status`.
	 */
	public static function status(): WP_REST_Response {
		$google = class_exists( 'Rdv_Google' ) && method_exists( 'Rdv_Google', 'state' ) ? (array) Rdv_Google::state() : array();
		$stored = Rdv_Options::google_state();
		$state  = (string) ( $google['state'] ?? $stored['state'] );
		$since  = $google['since'] ?? $stored['at'];
		if ( ! in_array( $state, array( 'ok', 'revoked', 'unlinked' ), true ) || '' === Rdv_Options::google_token() && 'ok' === $state ) {
			$state = 'unlinked';
		}
		$linked = 'ok' === $state;
		$since  = is_string( $since ) && null !== self::parse_instant( $since ) ? Rdv_Clock::rfc3339( self::parse_instant( $since ) ) : null;
		return new WP_REST_Response(
			array(
				'siteName'      => (string) get_bloginfo( 'name' ),
				'siteUrl'       => home_url( '/' ),
				'pluginVersion' => RDV_COMPAGNON_VERSION,
				'apiVersion'    => self::API_VERSION,
				'serverTime'    => Rdv_Clock::rfc3339( Rdv_Clock::now() ),
				'timeZone'      => Rdv_Options::time_zone(),
				'google'        => array(
					'linked' => $linked,
					'state'  => $state,
					'since'  => $since,
				),
			)
		);
	}

	/**
	 * `GET /config` (304 with `If-None-Match` naming the current ETag).
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public static function get_config( WP_REST_Request $request ): WP_REST_Response {
		$etag = Rdv_Options::config_etag();
		$inm  = $request->get_header( 'if_none_match' );
		if ( null !== $inm && Rdv_Config::etag_listed( $inm, $etag ) ) {
			$r = new WP_REST_Response( null, 304 );
		} else {
			$r = new WP_REST_Response( Rdv_Config::document() );
		}
		$r->header( 'ETag', $etag );
		return $r;
	}

	/**
	 * `PUT /config`: If-Match required (428), current (412); every problem listed (400).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function put_config( WP_REST_Request $request ) {
		$current = Rdv_Options::config_etag();
		$if      = $request->get_header( 'if_match' );
		if ( null === $if ) {
			return self::error( 428, 'rdv_precondition_required', __( 'If-Match header required: send the ETag of the configuration you read.', 'rdv-compagnon' ) );
		}
		if ( ! Rdv_Config::etag_listed( $if, $current ) ) {
			return self::error( 412, 'rdv_precondition_failed', __( 'The configuration changed since you read it: read it again before saving it.', 'rdv-compagnon' ), array( 'etag' => $current ) );
		}
		$input = self::json_body( $request, false );
		if ( $input instanceof WP_Error ) {
			return $input;
		}
		$before         = Rdv_Config::retention_days();
		list( $next, $p ) = Rdv_Config::validate( $input, Rdv_Config::document() );
		if ( null === $next ) {
			return self::invalid_params( $p );
		}
		Rdv_Options::set_config( $next );
		if ( Rdv_Config::retention_days() < $before ) {
			Rdv_Records::housekeeping();
		}
		$r = new WP_REST_Response( Rdv_Config::document() );
		$r->header( 'ETag', Rdv_Options::config_etag() );
		return $r;
	}

	/**
	 * `GET /bookings?cursor=&limit=`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function bookings( WP_REST_Request $request ) {
		Rdv_Records::housekeeping();
		$limit  = null === $request->get_param( 'limit' ) ? Rdv_Records::DEFAULT_LIMIT : (int) $request->get_param( 'limit' );
		$cursor = $request->get_param( 'cursor' );
		$after  = null;
		if ( is_string( $cursor ) && '' !== $cursor ) {
			$decoded = Rdv_Records::decode_cursor( $cursor );
			if ( null === $decoded ) {
				return self::invalid_params( array( 'cursor' => __( 'Unreadable cursor: send back the one you received, unchanged.', 'rdv-compagnon' ) ) );
			}
			list( $epoch, $stamp ) = $decoded;
			if ( $epoch !== Rdv_Options::epoch() || $stamp < Rdv_Options::cursor_floor() || $stamp > Rdv_Records::high_water() ) {
				return self::error( 410, 'rdv_cursor_expired', __( 'This cursor is no longer valid: read every booking again without a cursor.', 'rdv-compagnon' ) );
			}
			$after = $stamp;
		}
		return new WP_REST_Response( Rdv_Records::feed( $after, $limit ) );
	}

	/**
	 * `POST /bookings/{id}/cancel` `{reason?, notifyPatient?}`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function cancel( WP_REST_Request $request ) {
		$input = self::json_body( $request, true );
		if ( $input instanceof WP_Error ) {
			return $input;
		}
		$reason = $input['reason'] ?? null;
		if ( null !== $reason && ( ! is_string( $reason ) || mb_strlen( $reason, 'UTF-8' ) > 200 ) ) {
			return self::invalid_params( array( 'reason' => __( 'Cancellation reason: a text of 200 characters at most.', 'rdv-compagnon' ) ) );
		}
		$reason = null === $reason ? null : ( '' === trim( $reason ) ? null : trim( $reason ) );
		$notify = $input['notifyPatient'] ?? true;
		if ( ! is_bool( $notify ) ) {
			return self::invalid_params( array( 'notifyPatient' => self::boolean_expected() ) );
		}
		Rdv_Records::housekeeping();
		$id  = (string) $request['id'];
		$row = preg_match( self::ID_PATTERN, $id ) ? Rdv_Records::get( $id ) : null;
		if ( null === $row ) {
			return self::not_found();
		}
		if ( null !== $row['cancelled_at'] ) {
			return new WP_REST_Response( array( 'alreadyCancelled' => true, 'booking' => Rdv_Records::record_json( $row ) ) );
		}
		if ( class_exists( 'Rdv_Google' ) ) {
			$gone = self::delete_event( $id );
			if ( $gone instanceof WP_Error ) {
				return $gone;
			}
		}
		Rdv_Records::mark_cancelled( $id, $reason );
		$sms = Rdv_Options::config()['sms'] ?? array();
		if ( $notify && ! empty( $sms['cancellationEnabled'] ) && ! empty( $row['phone'] ) && class_exists( 'Rdv_Sms' ) ) {
			self::quietly( static fn() => Rdv_Sms::send_cancellation( $id ) );
		}
		return new WP_REST_Response( array( 'alreadyCancelled' => false, 'booking' => Rdv_Records::record_json( (array) Rdv_Records::get( $id ) ) ) );
	}

	/**
	 * `PUT /bookings/{id}` (1.1): records a booking made in the app (201 new, 200 already there).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function put_booking( WP_REST_Request $request ) {
		$id = (string) $request['id'];
		if ( ! preg_match( self::ID_PATTERN, $id ) ) {
			return self::invalid_params( array( 'eventId' => __( 'Invalid event id.', 'rdv-compagnon' ) ) );
		}
		$input = self::json_body( $request, true );
		if ( $input instanceof WP_Error ) {
			return $input;
		}
		$p    = array();
		$type = $input['appointmentType'] ?? null;
		if ( ! is_string( $type ) || ! preg_match( '/^[\p{L}\p{N}_.-]{1,64}$/uD', $type ) ) {
			$p['appointmentType'] = __( 'Appointment type identifier expected.', 'rdv-compagnon' );
		}
		$source = $input['source'] ?? null;
		if ( ! in_array( $source, array( 'app', 'phone' ), true ) ) {
			$p['source'] = __( 'Source: “app” or “phone”.', 'rdv-compagnon' );
		}
		foreach ( array( 'firstName', 'lastName' ) as $k ) {
			$v = $input[ $k ] ?? null;
			if ( ! is_string( $v ) || '' === trim( $v ) || mb_strlen( $v, 'UTF-8' ) > 100 || preg_match( '/[<>\x00-\x1F]/u', $v ) ) {
				$p[ $k ] = __( 'A name of 1 to 100 characters, without < or >, is expected.', 'rdv-compagnon' );
			}
		}
		$phone = $input['phone'] ?? null;
		if ( null !== $phone ) {
			$e164 = is_string( $phone ) ? Rdv_Records::normalize_phone( $phone ) : '';
			if ( ! preg_match( '/^\+[1-9][0-9]{7,14}$/D', $e164 ) ) {
				$p['phone'] = __( 'Invalid phone number.', 'rdv-compagnon' );
			} else {
				$phone = $e164;
			}
		}
		$email = $input['email'] ?? null;
		if ( null !== $email && ( ! is_string( $email ) || strlen( $email ) > 254 || ! is_email( trim( $email ) ) ) ) {
			$p['email'] = __( 'Invalid email address.', 'rdv-compagnon' );
		}
		list( $start, $end ) = self::times( $input, $p );
		$notify              = self::notify_flag( $input, $p );
		if ( array() !== $p ) {
			return self::invalid_params( $p );
		}
		$existing = Rdv_Records::get( $id );
		if ( null !== $existing ) {
			return new WP_REST_Response( array( 'created' => false, 'booking' => Rdv_Records::record_json( $existing ) ), 200 );
		}
		// The SMS part's one rule plans the reminder (option on, a phone, not too late).
		$reminder = $notify ? self::reminder_plan( $phone, $start ) : 'none';
		Rdv_Records::create(
			array(
				'event_id'         => $id,
				'appointment_type' => $type,
				'source'           => $source,
				'first_name'       => trim( $input['firstName'] ),
				'last_name'        => trim( $input['lastName'] ),
				'phone'            => $phone,
				'email'            => null === $email ? null : trim( $email ),
				'starts_at'        => $start,
				'ends_at'          => $end,
				'sms_reminder'     => $reminder,
			)
		);
		if ( $notify && null !== $phone && class_exists( 'Rdv_Sms' ) ) {
			self::quietly( static fn() => Rdv_Sms::booked( $id ) );
		}
		return new WP_REST_Response( array( 'created' => true, 'booking' => Rdv_Records::record_json( (array) Rdv_Records::get( $id ) ) ), 201 );
	}

	/**
	 * `POST /bookings/{id}/moved` (1.1) `{start, end, notifyPatient}`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function moved( WP_REST_Request $request ) {
		$input = self::json_body( $request, true );
		if ( $input instanceof WP_Error ) {
			return $input;
		}
		$p                   = array();
		list( $start, $end ) = self::times( $input, $p );
		$notify              = self::notify_flag( $input, $p );
		if ( array() !== $p ) {
			return self::invalid_params( $p );
		}
		$id  = (string) $request['id'];
		$row = preg_match( self::ID_PATTERN, $id ) ? Rdv_Records::get( $id ) : null;
		if ( null === $row ) {
			return self::not_found();
		}
		if ( null !== $row['cancelled_at'] ) {
			return self::error( 409, 'rdv_booking_cancelled', __( 'This booking was cancelled: it cannot be moved.', 'rdv-compagnon' ) );
		}
		Rdv_Records::set_times( $id, $start, $end );
		$sms = Rdv_Options::config()['sms'] ?? array();
		if ( in_array( $row['sms_reminder'], array( 'sent', 'delivered', 'failed' ), true ) && 'pending' === self::reminder_plan( $row['phone'], $start ) ) {
			Rdv_Records::set_sms_status( $id, 'reminder', 'pending' );
		}
		if ( $notify && ! empty( $row['phone'] ) && ! empty( $sms['confirmationEnabled'] ) && class_exists( 'Rdv_Sms' ) ) {
			self::quietly( static fn() => Rdv_Sms::send_confirmation( $id, true ) );
		}
		return new WP_REST_Response( array( 'booking' => Rdv_Records::record_json( (array) Rdv_Records::get( $id ) ) ) );
	}

	/**
	 * `GET /sms/usage?month=YYYY-MM` (default: this month in the site's zone).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function usage( WP_REST_Request $request ) {
		global $wpdb;
		$month = $request->get_param( 'month' );
		if ( null === $month ) {
			$month = Rdv_Clock::now()->setTimezone( new DateTimeZone( Rdv_Options::time_zone() ) )->format( 'Y-m' );
		} elseif ( ! is_string( $month ) || ! preg_match( '/^[0-9]{4}-(0[1-9]|1[0-2])$/D', $month ) ) {
			return self::invalid_params( array( 'month' => __( 'A month in the YYYY-MM form is expected, e.g. 2026-11.', 'rdv-compagnon' ) ) );
		}
		$t     = Rdv_Schema::table( 'rdv_sms' );
		$rows  = (array) $wpdb->get_results( $wpdb->prepare( "SELECT kind, COUNT(*) AS messages, COALESCE(SUM(segments), 0) AS segments FROM $t WHERE month = %s AND status IN ('sent', 'delivered') GROUP BY kind", $month ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		$price = $wpdb->get_var( $wpdb->prepare( "SELECT price_per_segment FROM $t WHERE month = %s AND status IN ('sent', 'delivered') ORDER BY id LIMIT 1", $month ) ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		$price = is_string( $price ) && null !== Rdv_Config::micros( $price ) ? $price : Rdv_Options::price_per_segment();
		$by    = array();
		foreach ( Rdv_Records::KINDS as $k ) {
			$by[ $k ] = array( 'messages' => 0, 'segments' => 0 );
		}
		$messages = 0;
		$segments = 0;
		foreach ( $rows as $r ) {
			$by[ (string) $r['kind'] ] = array( 'messages' => (int) $r['messages'], 'segments' => (int) $r['segments'] );
			$messages                 += (int) $r['messages'];
			$segments                 += (int) $r['segments'];
		}
		return new WP_REST_Response(
			array(
				'month'           => $month,
				'messages'        => $messages,
				'segments'        => $segments,
				'pricePerSegment' => $price,
				'cost'            => Rdv_Config::euros( (int) Rdv_Config::micros( $price ) * $segments ),
				'currency'        => 'EUR',
				'byKind'          => $by,
			)
		);
	}

	/**
	 * `GET /erasure?email=&phone=`: the dry run.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function erasure_preview( WP_REST_Request $request ) {
		$person = self::person( $request->get_param( 'email' ), $request->get_param( 'phone' ) );
		if ( $person instanceof WP_Error ) {
			return $person;
		}
		Rdv_Records::housekeeping();
		$ids = Rdv_Records::matching( $person[0], $person[1] );
		return new WP_REST_Response( array( 'dryRun' => true, 'count' => count( $ids ), 'ids' => $ids ) );
	}

	/**
	 * `POST /erasure` `{email?, phone?, dryRun?}`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function erase( WP_REST_Request $request ) {
		$input = self::json_body( $request, true );
		if ( $input instanceof WP_Error ) {
			return $input;
		}
		foreach ( array( 'email', 'phone' ) as $k ) {
			if ( isset( $input[ $k ] ) && ! is_string( $input[ $k ] ) ) {
				return self::invalid_params( array( $k => __( 'A text is expected.', 'rdv-compagnon' ) ) );
			}
		}
		$dry = $input['dryRun'] ?? false;
		if ( ! is_bool( $dry ) ) {
			return self::invalid_params( array( 'dryRun' => self::boolean_expected() ) );
		}
		$person = self::person( $input['email'] ?? null, $input['phone'] ?? null );
		if ( $person instanceof WP_Error ) {
			return $person;
		}
		Rdv_Records::housekeeping();
		$ids = Rdv_Records::matching( $person[0], $person[1] );
		if ( ! $dry ) {
			$ids = Rdv_Records::erase( $ids );
		}
		return new WP_REST_Response( array( 'dryRun' => $dry, 'count' => count( $ids ), 'ids' => $ids ) );
	}

	/**
	 * The person of an erasure: `[email|null, phone|null]`, or a 400.
	 *
	 * @param mixed $email Email.
	 * @param mixed $phone Phone.
	 * @return array{0:?string,1:?string}|WP_Error
	 */
	private static function person( $email, $phone ) {
		$email = is_string( $email ) && '' !== trim( $email ) ? trim( $email ) : null;
		$phone = is_string( $phone ) && '' !== trim( $phone ) ? trim( $phone ) : null;
		if ( null === $email && null === $phone ) {
			return self::invalid_params( array( 'email' => __( 'Give the person’s email address or phone number.', 'rdv-compagnon' ) ) );
		}
		if ( null !== $email && ! preg_match( '/^[^@]+@.*\./sD', $email ) ) {
			return self::invalid_params( array( 'email' => __( 'Invalid email address.', 'rdv-compagnon' ) ) );
		}
		if ( null !== $phone && strlen( (string) preg_replace( '/\D+/', '', $phone ) ) < 6 ) {
			return self::invalid_params( array( 'phone' => __( 'Invalid phone number.', 'rdv-compagnon' ) ) );
		}
		return array( $email, $phone );
	}

	/**
	 * `start` and `end` of a body (RFC 3339), problems recorded.
	 *
	 * @param array<string,mixed>  $input Body.
	 * @param array<string,string> $p     Problems.
	 * @return array{0:?DateTimeImmutable,1:?DateTimeImmutable}
	 */
	private static function times( array $input, array &$p ): array {
		$out = array();
		foreach ( array( 'start', 'end' ) as $k ) {
			$v = $input[ $k ] ?? null;
			$t = is_string( $v ) ? self::parse_instant( $v ) : null;
			if ( null === $t ) {
				$p[ $k ] = __( 'An RFC 3339 instant is expected, e.g. 2026-11-26T09:00:00+01:00.', 'rdv-compagnon' );
			}
			$out[] = $t;
		}
		if ( null !== $out[0] && null !== $out[1] && $out[1] <= $out[0] ) {
			$p['end'] = __( 'The end must come after the start.', 'rdv-compagnon' );
		}
		return $out;
	}

	/**
	 * An RFC 3339 instant with a zone (`Z` or an offset), null otherwise.
	 *
	 * @param string $s Text.
	 */
	public static function parse_instant( string $s ): ?DateTimeImmutable {
		if ( ! preg_match( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/iD', $s ) ) {
			return null;
		}
		try {
			$t = new DateTimeImmutable( $s );
		} catch ( Exception $e ) {
			return null;
		}
		return $t->setTimezone( new DateTimeZone( 'UTC' ) );
	}

	/**
	 * Deletes the booking's Google event (already gone is fine); an error when Google cannot be
	 * reached or the grant is not there — then nothing is recorded and the app may retry.
	 *
	 * @param string $id Event id.
	 * @return true|WP_Error
	 */
	private static function delete_event( string $id ) {
		if ( ! Rdv_Google::is_linked() ) {
			return self::error( 409, 'rdv_google_unlinked', __( 'The site’s Google access is not linked (or was revoked): relink it in the plugin’s settings, then cancel again.', 'rdv-compagnon' ) );
		}
		try {
			Rdv_Google::delete_event( $id );
		} catch ( Exception $e ) {
			$reason = property_exists( $e, 'reason' ) ? (string) $e->reason : '';
			if ( 'not_found' === $reason ) {
				return true;
			}
			if ( 'revoked' === $reason ) {
				return self::error( 409, 'rdv_google_unlinked', __( 'The site’s Google access is not linked (or was revoked): relink it in the plugin’s settings, then cancel again.', 'rdv-compagnon' ) );
			}
			return self::error( 503, 'rdv_google_unavailable', __( 'Google Calendar could not be reached: nothing was changed, try again in a moment.', 'rdv-compagnon' ) );
		}
		return true;
	}

	/**
	 * Whether a booking's reminder is planned: the SMS part's rule (`Rdv_Sms::reminder_plan`);
	 * without the SMS part nothing is planned.
	 *
	 * @param ?string           $phone Phone (E.164) or null.
	 * @param DateTimeImmutable $start Appointment start.
	 */
	private static function reminder_plan( ?string $phone, DateTimeImmutable $start ): string {
		if ( null === $phone || '' === $phone || ! class_exists( 'Rdv_Sms' ) || ! method_exists( 'Rdv_Sms', 'reminder_plan' ) ) {
			return 'none';
		}
		return (string) Rdv_Sms::reminder_plan( $phone, $start );
	}

	/**
	 * Runs a notification; its failure never undoes what was recorded (the status says it).
	 *
	 * @param callable $f Notification.
	 */
	private static function quietly( callable $f ): void {
		try {
			$f();
		} catch ( Throwable $e ) {
			// The SMS part records `failed` itself; nothing personal is logged here.
			unset( $e );
		}
	}

	/**
	 * The JSON body: `{}` when empty; `rest_invalid_json` unless an object.
	 *
	 * @param WP_REST_Request $request Request.
	 * @param bool            $assoc   Arrays (true) or stdClass objects (false).
	 * @return mixed|WP_Error
	 */
	private static function json_body( WP_REST_Request $request, bool $assoc ) {
		$body = (string) $request->get_body();
		if ( '' === trim( $body ) ) {
			return $assoc ? array() : new stdClass();
		}
		$v = json_decode( $body, false );
		if ( ! is_object( $v ) ) {
			return new WP_Error( 'rest_invalid_json', __( 'Invalid JSON body passed.' ), array( 'status' => 400 ) ); // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- WordPress's own message.
		}
		return $assoc ? Rdv_Config::to_assoc( $v ) : $v;
	}

	/**
	 * 400 `rest_invalid_param` with every problem in `data.params` (WordPress's shape).
	 *
	 * @param array<string,string> $p Path => message.
	 */
	public static function invalid_params( array $p ): WP_Error {
		/* translators: %s: list of parameter names (WordPress core string). */
		$message = sprintf( __( 'Invalid parameter(s): %s' ), implode( ', ', array_keys( $p ) ) ); // phpcs:ignore WordPress.WP.I18n.MissingArgDomain -- WordPress's own message.
		return new WP_Error( 'rest_invalid_param', $message, array( 'status' => 400, 'params' => $p ) );
	}

	/**
	 * An error envelope.
	 *
	 * @param int                 $status HTTP status.
	 * @param string              $code   Code.
	 * @param string              $message Message (never quotes a submitted value).
	 * @param array<string,mixed> $extra  More `data`.
	 */
	public static function error( int $status, string $code, string $message, array $extra = array() ): WP_Error {
		return new WP_Error( $code, $message, array_merge( array( 'status' => $status ), $extra ) );
	}

	private static function not_found(): WP_Error {
		return self::error( 404, 'rdv_booking_not_found', __( 'No booking of the site has this id (never recorded, or erased).', 'rdv-compagnon' ) );
	}

	/**
	 * The 1.1 requests' `notifyPatient` (absent: false, nothing sent unless asked); a problem is
	 * added to `$p` when it is not a boolean.
	 *
	 * @param array $input The request body.
	 * @param array $p     Problems by field, added to.
	 */
	private static function notify_flag( array $input, array &$p ): bool {
		$notify = $input['notifyPatient'] ?? false;
		if ( ! is_bool( $notify ) ) {
			$p['notifyPatient'] = self::boolean_expected();
			return false;
		}
		return $notify;
	}

	private static function boolean_expected(): string {
		return __( 'A boolean is expected (true or false).', 'rdv-compagnon' );
	}
}
