<?php
/**
 * Linking the site's Google access (OAuth 2.0 for web server applications): the « Compte
 * Google » section of the settings page, « Associer le compte Google » (offline access, consent
 * forced, a state nonce), the callback that stores the refresh token (never printed), and
 * « Dissocier », which revokes it. A revoked grant is said on the page and in an admin notice.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * The OAuth web flow and its settings section.
 */
final class Rdv_Oauth {
	/** admin-post action: save the client id/secret, base URL, calendar. */
	const SAVE = 'rdv_compagnon_google_save';
	/** admin-post action: start linking (redirects to Google). */
	const LINK = 'rdv_compagnon_google_link';
	/** admin-post action: Google's redirect back. */
	const CALLBACK = 'rdv_compagnon_google_callback';
	/** admin-post action: revoke and forget. */
	const REVOKE = 'rdv_compagnon_google_revoke';
	/** Transient prefix of the state nonce (per user). */
	const STATE_TRANSIENT = 'rdv_compagnon_oauth_state_';
	/** Seconds the practitioner has to answer Google's consent page. */
	const STATE_TTL = 600;

	/** Hooks the section, the handlers and the notice. */
	public static function register(): void {
		add_action( 'rdv_compagnon_settings_sections', array( self::class, 'section' ) );
		add_action( 'admin_post_' . self::SAVE, array( self::class, 'save' ) );
		add_action( 'admin_post_' . self::LINK, array( self::class, 'link' ) );
		add_action( 'admin_post_' . self::CALLBACK, array( self::class, 'callback' ) );
		// Logged out while on Google's page: log in, then come back here with the same code.
		add_action( 'admin_post_nopriv_' . self::CALLBACK, 'auth_redirect' );
		add_action( 'admin_post_' . self::REVOKE, array( self::class, 'revoke' ) );
		add_action( 'admin_notices', array( self::class, 'notice' ) );
	}

	/** The redirect URI to register in Google's console (the callback). */
	public static function redirect_uri(): string {
		return admin_url( 'admin-post.php?action=' . self::CALLBACK );
	}

	/**
	 * Google's authorization URL for a state nonce: offline access, consent forced (so a
	 * refresh token comes back even after an earlier grant), the calendar's events and the
	 * account's email.
	 *
	 * @param string $state The nonce.
	 */
	public static function auth_url( string $state ): string {
		$s     = Rdv_Google::settings();
		$query = array(
			'client_id'              => $s['client_id'],
			'redirect_uri'           => self::redirect_uri(),
			'response_type'          => 'code',
			'scope'                  => Rdv_Google::SCOPES,
			'access_type'            => 'offline',
			'prompt'                 => 'consent',
			'include_granted_scopes' => 'true',
			'state'                  => $state,
		);
		if ( '' !== $s['account_email'] ) {
			$query['login_hint'] = $s['account_email'];
		}
		return Rdv_Google::endpoint( 'auth' ) . '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
	}

	/** Admin notice on every admin page while the grant is revoked. */
	public static function notice(): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) || 'revoked' !== Rdv_Google::state()['state'] ) {
			return;
		}
		echo '<div class="notice notice-error"><p><strong>' . esc_html__( 'RDV Compagnon: Google access was revoked.', 'rdv-compagnon' ) . '</strong> '
			. esc_html__( 'Patients cannot book online until you link the Google account again.', 'rdv-compagnon' )
			. ' <a href="' . esc_url( Rdv_Admin::url() . '#rdv-google' ) . '">' . esc_html__( 'Link the Google account', 'rdv-compagnon' ) . '</a></p></div>';
	}

	/** The « Compte Google » section (outside the general settings form). */
	public static function section(): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			return;
		}
		$s     = Rdv_Google::settings();
		$state = Rdv_Google::state();
		echo '<h2 id="rdv-google">' . esc_html__( 'Google account', 'rdv-compagnon' ) . '</h2>';
		self::result_notice();
		if ( 'ok' === $state['state'] ) {
			/* translators: %s: Google account email. */
			echo '<p>' . esc_html( sprintf( __( 'Linked to the Google account %s.', 'rdv-compagnon' ), '' !== $s['account_email'] ? $s['account_email'] : '—' ) ) . ' ';
			/* translators: %s: calendar id. */
			echo esc_html( sprintf( __( 'Bookings go to the calendar %s.', 'rdv-compagnon' ), Rdv_Google::calendar_id() ) ) . '</p>';
		} elseif ( 'revoked' === $state['state'] ) {
			echo '<div class="notice notice-error inline"><p>' . esc_html__( 'Google refused the site’s access (the grant was revoked or has expired). Online booking is closed until you link the account again.', 'rdv-compagnon' ) . '</p></div>';
		} else {
			echo '<p>' . esc_html__( 'No Google account is linked: online booking is closed.', 'rdv-compagnon' ) . '</p>';
		}

		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="' . esc_attr( self::SAVE ) . '">';
		wp_nonce_field( self::SAVE );
		echo '<table class="form-table" role="presentation">';
		echo '<tr><th scope="row">' . esc_html__( 'Authorized redirect URI', 'rdv-compagnon' ) . '</th><td><code>' . esc_html( self::redirect_uri() ) . '</code><p class="description">' . esc_html__( 'Register it for the site’s “Web application” OAuth client in Google Cloud console.', 'rdv-compagnon' ) . '</p></td></tr>';
		self::field( 'rdv_google_client_id', __( 'OAuth client ID', 'rdv-compagnon' ), $s['client_id'] );
		echo '<tr><th scope="row"><label for="rdv_google_client_secret">' . esc_html__( 'OAuth client secret', 'rdv-compagnon' ) . '</label></th><td><input class="regular-text" type="password" autocomplete="new-password" id="rdv_google_client_secret" name="rdv_google_client_secret" value=""><p class="description">'
			. esc_html( '' !== $s['client_secret'] ? __( 'A secret is saved (not shown). Leave empty to keep it.', 'rdv-compagnon' ) : __( 'No secret saved yet.', 'rdv-compagnon' ) ) . '</p></td></tr>';
		self::field( 'rdv_google_calendar_id', __( 'Calendar ID (empty: the account’s main calendar)', 'rdv-compagnon' ), $s['calendar_id'] );
		self::field( 'rdv_google_time_zone', __( 'Calendar time zone', 'rdv-compagnon' ), Rdv_Options::time_zone() );
		self::field( 'rdv_google_base_url', __( 'Google address (advanced: empty = Google; a test sandbox otherwise)', 'rdv-compagnon' ), $s['base_url'], 'url' );
		echo '</table>';
		submit_button( __( 'Save Google settings', 'rdv-compagnon' ), 'secondary' );
		echo '</form>';

		if ( 'ok' === $state['state'] ) {
			self::button( self::REVOKE, __( 'Unlink the Google account', 'rdv-compagnon' ) );
		} elseif ( '' !== $s['client_id'] && '' !== $s['client_secret'] ) {
			self::button( self::LINK, __( 'Link the Google account', 'rdv-compagnon' ) );
		} else {
			echo '<p>' . esc_html__( 'Save the OAuth client ID and secret first; the button to link the account then appears here.', 'rdv-compagnon' ) . '</p>';
		}
	}

	/** admin-post: saves the Google settings (capability, nonce, values checked). */
	public static function save(): void {
		self::guard( self::SAVE );
		$post    = wp_unslash( $_POST ); // phpcs:ignore WordPress.Security.NonceVerification -- guard() checked it.
		$text    = static fn( string $k ) => isset( $post[ $k ] ) && is_string( $post[ $k ] ) ? trim( sanitize_text_field( $post[ $k ] ) ) : '';
		$changes = array(
			'client_id'   => $text( 'rdv_google_client_id' ),
			'calendar_id' => $text( 'rdv_google_calendar_id' ),
		);
		$secret  = $text( 'rdv_google_client_secret' );
		if ( '' !== $secret ) {
			$changes['client_secret'] = $secret;
		}
		$base = $text( 'rdv_google_base_url' );
		if ( '' !== $base && ! wp_http_validate_url( $base ) && ! preg_match( '#^http://127\.0\.0\.1:\d+/?$#', $base ) ) {
			wp_safe_redirect( Rdv_Admin::url( array( 'rdv_google' => 'bad_url' ) ) . '#rdv-google' );
			exit;
		}
		$changes['base_url'] = '' === $base ? '' : trailingslashit( esc_url_raw( $base ) );
		$zone                = $text( 'rdv_google_time_zone' );
		if ( '' !== $zone ) {
			if ( ! in_array( $zone, DateTimeZone::listIdentifiers(), true ) ) {
				wp_safe_redirect( Rdv_Admin::url( array( 'rdv_google' => 'bad_zone' ) ) . '#rdv-google' );
				exit;
			}
			$changes['time_zone'] = $zone;
		}
		Rdv_Google::save_settings( $changes );
		Rdv_Calendar::invalidate();
		wp_safe_redirect( Rdv_Admin::url( array( 'rdv_google' => 'saved' ) ) . '#rdv-google' );
		exit;
	}

	/** admin-post: « Associer le compte Google » → Google's consent page. */
	public static function link(): void {
		self::guard( self::LINK );
		$state = wp_generate_password( 32, false );
		set_transient( self::STATE_TRANSIENT . get_current_user_id(), $state, self::STATE_TTL );
		wp_redirect( self::auth_url( $state ) ); // phpcs:ignore WordPress.Security.SafeRedirect -- Google's (or the sandbox's) consent page.
		exit;
	}

	/** admin-post: Google's redirect back (state and capability checked, code exchanged). */
	public static function callback(): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'rdv-compagnon' ), 403 );
		}
		$result = self::finish( wp_unslash( $_GET ) ); // phpcs:ignore WordPress.Security.NonceVerification -- the OAuth state is the nonce.
		wp_safe_redirect( Rdv_Admin::url( array( 'rdv_google' => $result ) ) . '#rdv-google' );
		exit;
	}

	/**
	 * The callback's work, without the redirect: checks the state, exchanges the code, stores
	 * the grant. Returns the outcome shown on the page: `linked`, `denied`, `bad_state`,
	 * `no_refresh_token`, `failed`.
	 *
	 * @param array $query The callback's query (`state`, `code` or `error`).
	 */
	public static function finish( array $query ): string {
		$key      = self::STATE_TRANSIENT . get_current_user_id();
		$expected = get_transient( $key );
		$state    = is_string( $query['state'] ?? null ) ? $query['state'] : '';
		if ( ! is_string( $expected ) || '' === $state || ! hash_equals( $expected, $state ) ) {
			return 'bad_state';
		}
		delete_transient( $key );
		if ( isset( $query['error'] ) ) {
			return 'denied';
		}
		$code = is_string( $query['code'] ?? null ) ? $query['code'] : '';
		if ( '' === $code ) {
			return 'failed';
		}
		try {
			$tokens = Rdv_Google::exchange_code( $code, self::redirect_uri() );
		} catch ( Rdv_Google_Error $e ) {
			return 'failed';
		}
		$refresh = is_string( $tokens['refresh_token'] ?? null ) ? $tokens['refresh_token'] : '';
		if ( '' === $refresh ) {
			return 'no_refresh_token';
		}
		$email = Rdv_Google::id_token_email( is_string( $tokens['id_token'] ?? null ) ? $tokens['id_token'] : '' );
		Rdv_Google::link( $refresh, $email );
		return 'linked';
	}

	/** admin-post: « Dissocier » — revoke at Google, forget here. */
	public static function revoke(): void {
		self::guard( self::REVOKE );
		Rdv_Google::unlink();
		Rdv_Calendar::invalidate();
		wp_safe_redirect( Rdv_Admin::url( array( 'rdv_google' => 'unlinked' ) ) . '#rdv-google' );
		exit;
	}

	/**
	 * Capability and nonce of an admin-post action.
	 *
	 * @param string $action The action (also the nonce action).
	 */
	private static function guard( string $action ): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'rdv-compagnon' ), 403 );
		}
		check_admin_referer( $action );
	}

	/** The outcome of the last action, from the `rdv_google` query argument. */
	private static function result_notice(): void {
		$result   = isset( $_GET['rdv_google'] ) ? sanitize_key( wp_unslash( $_GET['rdv_google'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification -- display only.
		$messages = array(
			'saved'            => array( 'success', __( 'Google settings saved.', 'rdv-compagnon' ) ),
			'linked'           => array( 'success', __( 'The Google account is linked: patients can book online.', 'rdv-compagnon' ) ),
			'unlinked'         => array( 'success', __( 'The Google account is unlinked and the site’s access revoked.', 'rdv-compagnon' ) ),
			'denied'           => array( 'error', __( 'Google access was refused: nothing was linked.', 'rdv-compagnon' ) ),
			'bad_state'        => array( 'error', __( 'The answer from Google did not match the request (expired or forged): please start again.', 'rdv-compagnon' ) ),
			'no_refresh_token' => array( 'error', __( 'Google did not grant offline access: please start again.', 'rdv-compagnon' ) ),
			'failed'           => array( 'error', __( 'Google refused the link (check the client ID, the secret and the redirect URI).', 'rdv-compagnon' ) ),
			'bad_url'          => array( 'error', __( 'Nothing was saved: the Google address is not a valid URL.', 'rdv-compagnon' ) ),
			'bad_zone'         => array( 'error', __( 'Nothing was saved: unknown time zone (e.g. Europe/Paris).', 'rdv-compagnon' ) ),
		);
		if ( isset( $messages[ $result ] ) ) {
			echo '<div class="notice notice-' . esc_attr( $messages[ $result ][0] ) . ' inline"><p>' . esc_html( $messages[ $result ][1] ) . '</p></div>';
		}
	}

	/**
	 * A text field row.
	 *
	 * @param string $name  Field name and id.
	 * @param string $label Label.
	 * @param string $value Value.
	 * @param string $type  Input type.
	 */
	private static function field( string $name, string $label, string $value, string $type = 'text' ): void {
		echo '<tr><th scope="row"><label for="' . esc_attr( $name ) . '">' . esc_html( $label ) . '</label></th><td><input class="regular-text" type="' . esc_attr( $type ) . '" id="' . esc_attr( $name ) . '" name="' . esc_attr( $name ) . '" value="' . esc_attr( $value ) . '"></td></tr>';
	}

	/**
	 * A one-button admin-post form.
	 *
	 * @param string $action The action.
	 * @param string $label  The button.
	 */
	private static function button( string $action, string $label ): void {
		// Unlinking stops online booking: asked once more (without JavaScript, it goes ahead).
		$confirm = self::REVOKE === $action
			? ' onsubmit="return window.confirm(' . esc_attr( wp_json_encode( __( 'Unlink the Google account? The site’s access is revoked and online booking stops until you link it again.', 'rdv-compagnon' ) ) ) . ');"'
			: '';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '"' . $confirm . '>'; // phpcs:ignore WordPress.Security.EscapeOutput -- escaped above.
		echo '<input type="hidden" name="action" value="' . esc_attr( $action ) . '">';
		wp_nonce_field( $action );
		submit_button( $label, self::LINK === $action ? 'primary' : 'delete' );
		echo '</form>';
	}
}
