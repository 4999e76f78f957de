<?php
/**
 * Plugin Name: RDV Compagnon — test control (never shipped)
 * Description: Knobs for the test harness only (scripts/wp-site.sh --control copies this file
 *              into wp-content/mu-plugins). Never part of the plugin's zip.
 *
 * REST namespace `rdv-test/v1`, administrators only (`manage_options`, same application
 * password as the contract's calls):
 *   POST /reset                 empty tables, fresh configuration and practice, new epoch, clock unpinned
 *   POST /bookings              seed a record (the sandbox's SiteBooking fields, camelCase)
 *   GET  /booking?eventId=      the stored row (back-office fields included), 404 when none
 *   POST /sms                   seed SMS log rows: {month, kind, messages, segments} (usage) or one row
 *   GET  /sms                   every SMS log row, oldest first
 *   POST /send-sms              {eventId, kind}: the plugin sends that SMS now (Rdv_Sms)
 *   POST /sms-status            {eventId, kind, status}
 *   POST /expire-cursors        every cursor handed out so far expires
 *   POST /config                replace the configuration as the settings page would (read-only fields included)
 *   POST /sms-provider          {base_url, api_key}: the plugin's SMS go to this provider (the sandbox's stand-in)
 *   POST /google                {base_url, client_id, client_secret, calendar_id, account_email, time_zone, refresh_token}
 *   POST /plugin-active         {active: bool}
 *   POST /users                 {login, password?, can_manage} → {login, password} (an application password)
 *   POST /now                   {instant: RFC 3339 | null} pins Rdv_Clock; {advanceSeconds: n} moves it on
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

const RDV_TEST_NOW = 'rdv_test_now';

add_filter(
	'rdv_compagnon_now',
	static function ( $now ) {
		$pinned = get_option( RDV_TEST_NOW, '' );
		if ( is_string( $pinned ) && '' !== $pinned ) {
			return new DateTimeImmutable( $pinned );
		}
		return $now;
	}
);

add_action(
	'rest_api_init',
	static function (): void {
		$routes = array(
			array( '/reset', 'POST', 'rdv_test_reset' ),
			array( '/bookings', 'POST', 'rdv_test_seed_booking' ),
			array( '/booking', 'GET', 'rdv_test_booking' ),
			array( '/sms', 'POST', 'rdv_test_seed_sms' ),
			array( '/sms', 'GET', 'rdv_test_sms_log' ),
			array( '/send-sms', 'POST', 'rdv_test_send_sms' ),
			array( '/sms-status', 'POST', 'rdv_test_sms_status' ),
			array( '/expire-cursors', 'POST', 'rdv_test_expire_cursors' ),
			array( '/config', 'POST', 'rdv_test_config' ),
			array( '/google', 'POST', 'rdv_test_google' ),
			array( '/sms-provider', 'POST', 'rdv_test_sms_provider' ),
			array( '/plugin-active', 'POST', 'rdv_test_plugin_active' ),
			array( '/users', 'POST', 'rdv_test_user' ),
			array( '/now', 'POST', 'rdv_test_now' ),
		);
		foreach ( $routes as list( $path, $method, $callback ) ) {
			register_rest_route(
				'rdv-test/v1',
				$path,
				array(
					'methods'             => $method,
					'callback'            => $callback,
					'permission_callback' => static fn() => current_user_can( 'manage_options' ),
				)
			);
		}
	}
);

/**
 * The plugin's classes are there (the plugin is active).
 */
function rdv_test_need_plugin(): ?WP_Error {
	return class_exists( 'Rdv_Records' ) ? null : new WP_Error( 'rdv_test_plugin_inactive', 'The plugin is not active.', array( 'status' => 409 ) );
}

/**
 * An instant from a JSON field (RFC 3339), null when absent.
 *
 * @param mixed $v Value.
 */
function rdv_test_time( $v ): ?DateTimeImmutable {
	return is_string( $v ) && '' !== $v ? ( new DateTimeImmutable( $v ) )->setTimezone( new DateTimeZone( 'UTC' ) ) : null;
}

/**
 * POST /reset.
 */
function rdv_test_reset(): WP_REST_Response {
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
	if ( ! class_exists( 'Rdv_Records' ) ) {
		activate_plugin( 'rdv-compagnon/rdv-compagnon.php' );
		require_once WP_PLUGIN_DIR . '/rdv-compagnon/rdv-compagnon.php';
	}
	delete_option( RDV_TEST_NOW );
	Rdv_Plugin::install();
	Rdv_Records::truncate_all();
	Rdv_Options::set_config( Rdv_Config::fresh() );
	update_option( Rdv_Options::PRACTICE, array( 'name' => 'Cabinet', 'address' => '', 'phone' => '' ), false );
	update_option( Rdv_Options::CONSENT_VERSION, Rdv_Options::DEFAULT_CONSENT_VERSION, false );
	update_option( Rdv_Options::PRICE, Rdv_Options::DEFAULT_PRICE, false );
	update_option( Rdv_Options::CURSOR_FLOOR, 0, false );
	Rdv_Options::set_config( Rdv_Config::fresh() );
	Rdv_Options::new_epoch();
	delete_option( Rdv_Options::GOOGLE );
	delete_option( Rdv_Options::GOOGLE_TOKEN );
	delete_option( Rdv_Options::GOOGLE_STATE );
	delete_option( Rdv_Options::SMS );
	delete_option( 'rdv_compagnon_sms_api_key' );
	update_option( 'blogname', 'Cabinet' );
	return new WP_REST_Response( array( 'epoch' => Rdv_Options::epoch() ) );
}

/**
 * POST /bookings: `{eventId, createdAt, appointmentType, source, firstName, lastName, phone,
 * email, consent: {givenAt, version}|null, sms: {confirmation, reminder, cancellation},
 * cancelledAt, cancelReason, start, end}`.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_seed_booking( WP_REST_Request $r ) {
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	$b       = (array) $r->get_json_params();
	$consent = is_array( $b['consent'] ?? null ) ? $b['consent'] : null;
	$sms     = is_array( $b['sms'] ?? null ) ? $b['sms'] : array();
	Rdv_Records::create(
		array(
			'event_id'         => (string) $b['eventId'],
			'appointment_type' => (string) ( $b['appointmentType'] ?? 'consultation' ),
			'source'           => (string) ( $b['source'] ?? 'site' ),
			'first_name'       => (string) $b['firstName'],
			'last_name'        => (string) $b['lastName'],
			'phone'            => $b['phone'] ?? null,
			'email'            => $b['email'] ?? null,
			'consent_at'       => $consent ? rdv_test_time( $consent['givenAt'] ) : null,
			'consent_version'  => $consent ? (string) $consent['version'] : null,
			'starts_at'        => rdv_test_time( $b['start'] ?? null ),
			'ends_at'          => rdv_test_time( $b['end'] ?? null ),
			'sms_confirmation' => (string) ( $sms['confirmation'] ?? 'none' ),
			'sms_reminder'     => (string) ( $sms['reminder'] ?? 'none' ),
			'sms_cancellation' => (string) ( $sms['cancellation'] ?? 'none' ),
			'created_at'       => rdv_test_time( $b['createdAt'] ?? null ) ?? Rdv_Clock::now(),
			'cancelled_at'     => rdv_test_time( $b['cancelledAt'] ?? null ),
			'cancel_reason'    => $b['cancelReason'] ?? null,
		)
	);
	return new WP_REST_Response( Rdv_Records::get( (string) $b['eventId'] ) );
}

/**
 * GET /booking?eventId=.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_booking( WP_REST_Request $r ) {
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	Rdv_Records::housekeeping();
	$row = Rdv_Records::get( (string) $r->get_param( 'eventId' ) );
	return null === $row ? new WP_Error( 'rdv_test_none', 'No such record.', array( 'status' => 404 ) ) : new WP_REST_Response( $row );
}

/**
 * POST /sms: `{month, kind, messages, segments}` adds usage rows (no event, no number, no text:
 * segments spread over the messages), or `{eventId, kind, phone, body, segments, status, month}`
 * adds one row.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_seed_sms( WP_REST_Request $r ) {
	global $wpdb;
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	$b     = (array) $r->get_json_params();
	$now   = Rdv_Records::sql_time( Rdv_Clock::now() );
	$month = (string) ( $b['month'] ?? Rdv_Clock::now()->setTimezone( new DateTimeZone( Rdv_Options::time_zone() ) )->format( 'Y-m' ) );
	$rows  = array();
	if ( isset( $b['messages'] ) ) {
		$n    = (int) $b['messages'];
		$segs = (int) $b['segments'];
		for ( $i = 0; $i < $n; $i++ ) {
			$rows[] = array( 'event_id' => null, 'phone' => null, 'body' => null, 'segments' => intdiv( $segs, $n ) + ( $i < $segs % $n ? 1 : 0 ), 'status' => 'sent' );
		}
	} else {
		$rows[] = array( 'event_id' => $b['eventId'] ?? null, 'phone' => $b['phone'] ?? null, 'body' => $b['body'] ?? null, 'segments' => (int) ( $b['segments'] ?? 1 ), 'status' => (string) ( $b['status'] ?? 'sent' ) );
	}
	foreach ( $rows as $row ) {
		$wpdb->insert(
			Rdv_Schema::table( 'rdv_sms' ),
			array_merge(
				$row,
				array(
					'kind'              => (string) $b['kind'],
					'encoding'          => 'gsm',
					'provider_ref'      => null,
					'month'             => $month,
					'price_per_segment' => Rdv_Options::price_per_segment(),
					'created_at'        => $now,
					'updated_at'        => $now,
				)
			)
		);
	}
	return new WP_REST_Response( array( 'inserted' => count( $rows ) ) );
}

/**
 * GET /sms: the log, oldest first.
 */
function rdv_test_sms_log() {
	global $wpdb;
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	$rows = $wpdb->get_results( 'SELECT * FROM ' . Rdv_Schema::table( 'rdv_sms' ) . ' ORDER BY id', ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- no input.
	return new WP_REST_Response( array_map( static fn( $x ) => array_merge( $x, array( 'id' => (int) $x['id'], 'segments' => (int) $x['segments'] ) ), (array) $rows ) );
}

/**
 * POST /send-sms `{eventId, kind}`: the plugin's SMS part sends it now, whatever the options.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_send_sms( WP_REST_Request $r ) {
	$b  = (array) $r->get_json_params();
	$id = (string) ( $b['eventId'] ?? '' );
	if ( ! class_exists( 'Rdv_Sms' ) ) {
		return new WP_Error( 'rdv_test_no_sms', 'The SMS part (Rdv_Sms) is not there.', array( 'status' => 501 ) );
	}
	$method = array(
		'confirmation' => 'send_confirmation',
		'reminder'     => 'send_reminder',
		'cancellation' => 'send_cancellation',
	)[ (string) ( $b['kind'] ?? '' ) ] ?? null;
	if ( null === $method || ! method_exists( 'Rdv_Sms', $method ) ) {
		return new WP_Error( 'rdv_test_bad_kind', 'Unknown SMS kind.', array( 'status' => 400 ) );
	}
	Rdv_Sms::$method( $id );
	return rdv_test_sms_log();
}

/**
 * POST /sms-status `{eventId, kind, status}`.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_sms_status( WP_REST_Request $r ) {
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	$b = (array) $r->get_json_params();
	Rdv_Records::set_sms_status( (string) $b['eventId'], (string) $b['kind'], (string) $b['status'] );
	return new WP_REST_Response( Rdv_Records::get( (string) $b['eventId'] ) );
}

/**
 * POST /expire-cursors.
 */
function rdv_test_expire_cursors() {
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	Rdv_Options::raise_cursor_floor( Rdv_Records::next_stamp() );
	return new WP_REST_Response( array( 'floor' => Rdv_Options::cursor_floor() ) );
}

/**
 * POST /config: the whole document, read-only fields included (absent ones kept), after the
 * checks of PUT /config (400 with the problems otherwise).
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_config( WP_REST_Request $r ) {
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	$input = json_decode( (string) $r->get_body(), false );
	if ( ! is_object( $input ) ) {
		return new WP_Error( 'rest_invalid_json', 'Invalid JSON body passed.', array( 'status' => 400 ) );
	}
	if ( isset( $input->practice ) ) {
		Rdv_Options::set_practice( (array) $input->practice );
	}
	if ( isset( $input->consentTextVersion ) ) {
		Rdv_Options::set_consent_version( (string) $input->consentTextVersion );
	}
	if ( isset( $input->sms->pricePerSegment ) ) {
		Rdv_Options::set_price_per_segment( (string) $input->sms->pricePerSegment );
	}
	list( $next, $problems ) = Rdv_Config::validate( $input, Rdv_Config::document() );
	if ( null === $next ) {
		return Rdv_Rest::invalid_params( $problems );
	}
	Rdv_Options::set_config( $next );
	Rdv_Records::housekeeping();
	return new WP_REST_Response( Rdv_Config::document() );
}

/**
 * POST /google: the plugin talks to this Google (a sandbox) with this refresh token.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_google( WP_REST_Request $r ) {
	$e = rdv_test_need_plugin();
	if ( $e ) {
		return $e;
	}
	$b = (array) $r->get_json_params();
	$g = array();
	foreach ( array( 'base_url', 'client_id', 'client_secret', 'calendar_id', 'account_email', 'time_zone' ) as $k ) {
		$g[ $k ] = (string) ( $b[ $k ] ?? '' );
	}
	Rdv_Options::set_google( $g );
	Rdv_Options::set_google_token( (string) ( $b['refresh_token'] ?? '' ) );
	Rdv_Options::set_google_state( '' === (string) ( $b['refresh_token'] ?? '' ) ? 'unlinked' : 'ok' );
	foreach ( array( 'rdv_compagnon_google_access' ) as $t ) {
		delete_transient( $t );
	}
	return new WP_REST_Response( array( 'linked' => '' !== Rdv_Options::google_token() ) );
}

/**
 * POST /sms-provider `{base_url, api_key}`: the SMS part sends through this provider.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_sms_provider( WP_REST_Request $r ) {
	if ( ! class_exists( 'Rdv_Sms' ) || ! method_exists( 'Rdv_Sms', 'configure' ) ) {
		return new WP_Error( 'rdv_test_no_sms', 'The SMS part (Rdv_Sms) is not there.', array( 'status' => 501 ) );
	}
	$b = (array) $r->get_json_params();
	Rdv_Sms::configure( (string) ( $b['base_url'] ?? '' ), (string) ( $b['api_key'] ?? '' ) );
	return new WP_REST_Response( array( 'configured' => true ) );
}

/**
 * POST /plugin-active `{active}`.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_plugin_active( WP_REST_Request $r ) {
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
	$active = (bool) ( $r->get_json_params()['active'] ?? true );
	$file   = 'rdv-compagnon/rdv-compagnon.php';
	if ( $active ) {
		$result = activate_plugin( $file );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
	} else {
		deactivate_plugins( $file, true );
	}
	return new WP_REST_Response( array( 'active' => is_plugin_active( $file ) ) );
}

/**
 * POST /users `{login, password?, can_manage}`: an administrator (with the plugin's capability)
 * or an editor (without it), and an application password — the given one (spaces ignored, as
 * WordPress compares them) or a new one.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_user( WP_REST_Request $r ) {
	$b     = (array) $r->get_json_params();
	$login = sanitize_user( (string) ( $b['login'] ?? '' ), true );
	if ( '' === $login ) {
		return new WP_Error( 'rdv_test_login', 'A login is needed.', array( 'status' => 400 ) );
	}
	$user = get_user_by( 'login', $login );
	$id   = $user ? $user->ID : wp_insert_user(
		array(
			'user_login' => $login,
			'user_pass'  => wp_generate_password( 24 ),
			'user_email' => $login . '@example.invalid',
		)
	);
	if ( is_wp_error( $id ) ) {
		return $id;
	}
	( new WP_User( $id ) )->set_role( empty( $b['can_manage'] ) ? 'editor' : 'administrator' );
	$password = isset( $b['password'] ) ? (string) $b['password'] : '';
	if ( '' === $password ) {
		$created = WP_Application_Passwords::create_new_application_password( $id, array( 'name' => 'rdv-test-' . wp_generate_password( 6, false ) ) );
		if ( is_wp_error( $created ) ) {
			return $created;
		}
		$password = $created[0];
	} else {
		$items   = WP_Application_Passwords::get_user_application_passwords( $id );
		$items[] = array(
			'uuid'      => wp_generate_uuid4(),
			'app_id'    => '',
			'name'      => 'rdv-test-' . count( $items ),
			'password'  => wp_hash_password( preg_replace( '/[^a-z\d]/i', '', $password ) ),
			'created'   => time(),
			'last_used' => null,
			'last_ip'   => null,
		);
		update_user_meta( $id, WP_Application_Passwords::USERMETA_KEY_APPLICATION_PASSWORDS, $items );
	}
	return new WP_REST_Response( array( 'login' => $login, 'password' => $password ) );
}

/**
 * POST /now `{instant}` (null unpins) or `{advanceSeconds}`.
 *
 * @param WP_REST_Request $r Request.
 */
function rdv_test_now( WP_REST_Request $r ) {
	$b = (array) $r->get_json_params();
	if ( isset( $b['advanceSeconds'] ) ) {
		$base = class_exists( 'Rdv_Clock' ) ? Rdv_Clock::now() : new DateTimeImmutable( 'now', new DateTimeZone( 'UTC' ) );
		update_option( RDV_TEST_NOW, $base->modify( '+' . (int) $b['advanceSeconds'] . ' seconds' )->format( DATE_ATOM ), false );
	} elseif ( array_key_exists( 'instant', $b ) && null !== $b['instant'] ) {
		update_option( RDV_TEST_NOW, rdv_test_time( (string) $b['instant'] )->format( DATE_ATOM ), false );
	} else {
		delete_option( RDV_TEST_NOW );
	}
	return new WP_REST_Response( array( 'now' => class_exists( 'Rdv_Clock' ) ? Rdv_Clock::rfc3339( Rdv_Clock::now() ) : null ) );
}
