<?php
/**
 * The patient's SMS: confirmation at booking (or after a move), the reminder before the
 * appointment (`reminderHoursBefore`), cancellation; delivery receipts; the log that monthly
 * usage (GET /sms/usage) is billed from. docs/booking-endpoint.md § SMS, docs/sms.md.
 *
 * Every message goes through one path (send()): the record's phone and times, the configured
 * text filled (Rdv_Sms_Text) and counted (Rdv_Sms_Count), **refused when it does not say who
 * sends it** (art. 1.5, defence in depth behind the config's validation), a `rdv_sms` row
 * (segments, encoding, month in the site's zone, the price per segment in force), the provider
 * call, then the row and the record's status: `sent` or `failed` (failed ones are not billed).
 * A failure never touches the booking itself, and nothing personal is logged.
 *
 * Settings: option `rdv_compagnon_sms` = {provider: 'brevo', base_url: '' (Brevo) or a stand-in,
 * webhook_secret}; the API key in `rdv_compagnon_sms_api_key` (autoload no, never printed back).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * SMS use cases.
 */
final class Rdv_Sms {
	/** Provider settings option. */
	public const OPTION = 'rdv_compagnon_sms';
	/** API key option (autoload no). */
	public const API_KEY_OPTION = 'rdv_compagnon_sms_api_key';
	/** The reminders job, every 15 minutes. */
	public const REMINDER_HOOK = 'rdv_compagnon_sms_reminders';
	/** Its WP-Cron schedule. */
	public const SCHEDULE = 'rdv_compagnon_15min';
	/** admin-post action (and nonce action) of the settings section. */
	public const SAVE_ACTION = 'rdv_compagnon_sms_save';
	/** Kinds of the record's SMS columns. */
	public const KINDS = array( 'confirmation', 'reminder', 'cancellation' );

	/**
	 * Hooks: cron schedule and jobs, the receipt route, the settings section.
	 */
	public static function register(): void {
		add_filter( 'cron_schedules', array( self::class, 'schedules' ) ); // phpcs:ignore WordPress.WP.CronInterval -- 15 minutes is the point.
		add_action( self::REMINDER_HOOK, array( self::class, 'send_due_reminders' ) );
		add_action( 'rdv_compagnon_daily', array( self::class, 'send_due_reminders' ) );
		add_action( 'init', array( self::class, 'schedule' ) );
		add_action( 'rest_api_init', array( self::class, 'routes' ) );
		add_action( 'rdv_compagnon_settings_sections', array( self::class, 'settings_section' ) );
		add_action( 'admin_post_' . self::SAVE_ACTION, array( self::class, 'save' ) );
		add_action( 'deactivate_' . plugin_basename( RDV_COMPAGNON_FILE ), array( self::class, 'unschedule' ) );
	}

	/**
	 * Deactivation: the reminders job stops (it comes back with the next `init` once active).
	 */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::REMINDER_HOOK );
	}

	/**
	 * Adds the 15-minute schedule.
	 *
	 * @param array<string,array{interval:int,display:string}> $s Schedules.
	 * @return array<string,array{interval:int,display:string}>
	 */
	public static function schedules( array $s ): array {
		$s[ self::SCHEDULE ] = array(
			'interval' => 15 * MINUTE_IN_SECONDS,
			'display'  => __( 'Every 15 minutes (SMS reminders)', 'rdv-compagnon' ),
		);
		return $s;
	}

	/**
	 * Schedules the reminders job if it is not (cheap: one option read).
	 */
	public static function schedule(): void {
		if ( ! wp_next_scheduled( self::REMINDER_HOOK ) ) {
			wp_schedule_event( Rdv_Clock::now()->getTimestamp() + 60, self::SCHEDULE, self::REMINDER_HOOK );
		}
	}

	/**
	 * The provider settings.
	 *
	 * @return array{provider:string,base_url:string,webhook_secret:string}
	 */
	public static function settings(): array {
		$s = get_option( self::OPTION, array() );
		$s = is_array( $s ) ? $s : array();
		return array(
			'provider'       => (string) ( $s['provider'] ?? 'brevo' ),
			'base_url'       => (string) ( $s['base_url'] ?? '' ),
			'webhook_secret' => (string) ( $s['webhook_secret'] ?? '' ),
		);
	}

	/**
	 * Points the plugin at a provider (settings page, the test harness, `make site`).
	 *
	 * @param string  $base_url API root (`''` = the provider's own).
	 * @param ?string $api_key  New API key, or null to keep the current one.
	 */
	public static function configure( string $base_url, ?string $api_key ): void {
		$s             = self::settings();
		$s['provider'] = 'brevo';
		$s['base_url'] = $base_url;
		update_option( self::OPTION, $s, false );
		if ( null !== $api_key ) {
			update_option( self::API_KEY_OPTION, $api_key, false );
		}
	}

	/** Whether an API key is set. */
	public static function has_api_key(): bool {
		return '' !== (string) get_option( self::API_KEY_OPTION, '' );
	}

	/**
	 * The secret of the receipt webhook's URL (made on first use).
	 */
	public static function webhook_secret(): string {
		$s = self::settings();
		if ( '' === $s['webhook_secret'] ) {
			$s['webhook_secret'] = wp_generate_password( 32, false, false );
			update_option( self::OPTION, $s, false );
		}
		return $s['webhook_secret'];
	}

	/**
	 * The receipt webhook's URL, secret included (given to the provider with each message).
	 */
	public static function receipt_url(): string {
		return rest_url( 'rdv-compagnon/v1/sms/receipt/' . self::webhook_secret() );
	}

	/**
	 * The provider in use, null when no API key is set. The `rdv_compagnon_sms_provider` filter
	 * may return another Rdv_Sms_Provider.
	 */
	public static function provider(): ?Rdv_Sms_Provider {
		$provider = null;
		if ( self::has_api_key() ) {
			$provider = new Rdv_Sms_Brevo( self::settings()['base_url'], (string) get_option( self::API_KEY_OPTION, '' ), self::receipt_url() );
		}
		$provider = apply_filters( 'rdv_compagnon_sms_provider', $provider );
		return $provider instanceof Rdv_Sms_Provider ? $provider : null;
	}

	/**
	 * The reminder status a new booking starts with — the one rule for every way a booking is
	 * made: `pending` when the reminder option is on, the patient has a phone and the reminder's
	 * time (`reminderHoursBefore` before the start) is still ahead; `none` otherwise (option off,
	 * no phone, booked too late for a reminder).
	 *
	 * @param ?string            $phone E.164 phone or null.
	 * @param ?DateTimeImmutable $start The appointment's start.
	 */
	public static function reminder_plan( ?string $phone, ?DateTimeImmutable $start ): string {
		$sms = Rdv_Options::config()['sms'] ?? array();
		if ( empty( $sms['reminderEnabled'] ) || null === $phone || '' === $phone || null === $start ) {
			return 'none';
		}
		$hours = max( 1, (int) ( $sms['reminderHoursBefore'] ?? 24 ) );
		return $start->sub( new DateInterval( 'PT' . $hours . 'H' ) ) > Rdv_Clock::now() ? 'pending' : 'none';
	}

	/**
	 * A booking was just recorded: its confirmation goes when the option is on and there is a
	 * phone (else the status stays `none`). Never throws for a provider failure; returns the
	 * confirmation's status.
	 *
	 * @param string $event_id Google event id.
	 */
	public static function booked( string $event_id ): string {
		$sms = Rdv_Options::config()['sms'] ?? array();
		if ( empty( $sms['confirmationEnabled'] ) ) {
			return 'none';
		}
		return self::send( $event_id, 'confirmation' );
	}

	/**
	 * Sends the confirmation of a booking (`$moved`: after the appointment moved; same text,
	 * new date and time). The status is recorded; returns it (`sent`, `failed`, `none`).
	 *
	 * @param string $event_id Google event id.
	 * @param bool   $moved    The appointment moved.
	 */
	public static function send_confirmation( string $event_id, bool $moved = false ): string {
		unset( $moved ); // The same text says the new date: the record's times are already the new ones.
		return self::send( $event_id, 'confirmation' );
	}

	/**
	 * Sends the cancellation SMS of a booking; returns the recorded status.
	 *
	 * @param string $event_id Google event id.
	 */
	public static function send_cancellation( string $event_id ): string {
		return self::send( $event_id, 'cancellation' );
	}

	/**
	 * Sends the reminder of a booking now (whatever the options say); returns the recorded status.
	 *
	 * @param string $event_id Google event id.
	 */
	public static function send_reminder( string $event_id ): string {
		return self::send( $event_id, 'reminder' );
	}

	/**
	 * The reminders job: every live booking whose reminder is pending and whose start is within
	 * `reminderHoursBefore` hours gets its reminder; a pending one whose appointment has begun
	 * becomes `none`. Returns how many were handed to the provider.
	 */
	public static function send_due_reminders(): int {
		$sms = Rdv_Options::config()['sms'] ?? array();
		if ( empty( $sms['reminderEnabled'] ) ) {
			return 0;
		}
		$now   = Rdv_Clock::now();
		$hours = max( 1, (int) ( $sms['reminderHoursBefore'] ?? 24 ) );
		$sent  = 0;
		// An appointment already begun whose reminder never went (the site's cron did not run in
		// time): nothing will be sent, so the status says `none` rather than `pending` forever.
		foreach ( Rdv_Records::due_reminders( new DateTimeImmutable( '@0' ), $now ) as $row ) {
			Rdv_Records::set_sms_status( (string) $row['event_id'], 'reminder', 'none' );
		}
		foreach ( Rdv_Records::due_reminders( $now, $now->add( new DateInterval( 'PT' . $hours . 'H' ) ) ) as $row ) {
			if ( 'sent' === self::send( (string) $row['event_id'], 'reminder' ) ) {
				++$sent;
			}
		}
		return $sent;
	}

	/**
	 * One SMS of a record: fill, check, log, send, record. Never throws for a provider failure.
	 *
	 * @param string $event_id Google event id.
	 * @param string $kind     confirmation|reminder|cancellation.
	 * @return string The status recorded: `sent`, `failed`, or `none` (no record, no phone).
	 */
	public static function send( string $event_id, string $kind ): string {
		global $wpdb;
		$row = Rdv_Records::get( $event_id );
		if ( null === $row || ! in_array( $kind, self::KINDS, true ) ) {
			return 'none';
		}
		$phone = (string) ( $row['phone'] ?? '' );
		if ( '' === $phone ) {
			Rdv_Records::set_sms_status( $event_id, $kind, 'none' );
			return 'none';
		}
		$config   = Rdv_Options::config();
		$template = (string) ( $config['sms']['texts'][ $kind ] ?? '' );
		$sender   = (string) ( $config['sms']['senderName'] ?? '' );
		$practice = Rdv_Options::practice();
		if ( '' === trim( $template ) || '' === $sender || ! Rdv_Sms_Text::names_sender( $template, $practice['name'] ) ) {
			// Art. 1.5: a text that does not say who sends it is not sent.
			Rdv_Records::set_sms_status( $event_id, $kind, 'failed' );
			return 'failed';
		}
		$tz    = Rdv_Options::time_zone();
		$start = Rdv_Records::instant( $row['starts_at'] ?? null );
		if ( null === $start ) {
			$values         = Rdv_Sms_Text::values( (string) $row['first_name'], Rdv_Clock::now(), $tz, $practice );
			$values['date'] = '?';
			$values['heure'] = '?';
		} else {
			$values = Rdv_Sms_Text::values( (string) $row['first_name'], $start, $tz, $practice );
		}
		$text  = Rdv_Sms_Text::fill( $template, $values );
		$count = Rdv_Sms_Count::count( $text );
		$now   = Rdv_Clock::now();
		$table = Rdv_Schema::table( 'rdv_sms' );
		$wpdb->insert(
			$table,
			array(
				'event_id'          => $event_id,
				'kind'              => $kind,
				'phone'             => $phone,
				'body'              => $text,
				'segments'          => $count['segments'],
				'encoding'          => 'GSM-7' === $count['encoding'] ? 'gsm' : 'ucs2',
				'status'            => 'pending',
				'provider_ref'      => null,
				'month'             => $now->setTimezone( new DateTimeZone( $tz ) )->format( 'Y-m' ),
				'price_per_segment' => Rdv_Options::price_per_segment(),
				'created_at'        => Rdv_Records::sql_time( $now ),
				'updated_at'        => Rdv_Records::sql_time( $now ),
			)
		);
		$sms_id   = (int) $wpdb->insert_id;
		$provider = self::provider();
		$result   = null === $provider ? array( 'id' => null, 'error' => 'no_provider' ) : $provider->send( $phone, $sender, $text, (string) $sms_id );
		$status   = null === $result['id'] ? 'failed' : 'sent';
		$wpdb->update(
			$table,
			array(
				'status'       => $status,
				'provider_ref' => $result['id'],
				'updated_at'   => Rdv_Records::sql_time( Rdv_Clock::now() ),
			),
			array( 'id' => $sms_id )
		);
		Rdv_Records::set_sms_status( $event_id, $kind, $status );
		return $status;
	}

	/**
	 * The receipt route: `POST /rdv-compagnon/v1/sms/receipt/<secret>` (public: the provider
	 * calls it; the secret in the URL authenticates it).
	 */
	public static function routes(): void {
		register_rest_route(
			'rdv-compagnon/v1',
			'/sms/receipt/(?P<secret>[A-Za-z0-9]{1,64})',
			array(
				'methods'             => 'POST',
				'callback'            => array( self::class, 'receipt' ),
				'permission_callback' => '__return_true',
			)
		);
	}

	/**
	 * A delivery receipt: the message's row and its record become `delivered` or `failed`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function receipt( WP_REST_Request $request ) {
		global $wpdb;
		$secret = self::settings()['webhook_secret'];
		if ( '' === $secret || ! hash_equals( $secret, (string) $request->get_param( 'secret' ) ) ) {
			return new WP_Error( 'rest_forbidden', __( 'This receipt address is not valid.', 'rdv-compagnon' ), array( 'status' => 403 ) );
		}
		$provider = self::provider();
		$receipt  = null === $provider ? null : $provider->parse_receipt( $request );
		if ( null === $receipt ) {
			return new WP_REST_Response( array( 'updated' => false ) );
		}
		$table = Rdv_Schema::table( 'rdv_sms' );
		$sms   = $wpdb->get_row( $wpdb->prepare( "SELECT id, event_id, kind FROM $table WHERE provider_ref = %s ORDER BY id DESC LIMIT 1", $receipt['id'] ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL -- table name from a constant.
		if ( ! is_array( $sms ) ) {
			return new WP_REST_Response( array( 'updated' => false ) );
		}
		$wpdb->update(
			$table,
			array( 'status' => $receipt['status'], 'updated_at' => Rdv_Records::sql_time( Rdv_Clock::now() ) ),
			array( 'id' => (int) $sms['id'] )
		);
		$event_id = (string) $sms['event_id'];
		if ( '' !== $event_id && in_array( $sms['kind'], self::KINDS, true ) && null !== Rdv_Records::get( $event_id ) ) {
			Rdv_Records::set_sms_status( $event_id, (string) $sms['kind'], $receipt['status'] );
		}
		return new WP_REST_Response( array( 'updated' => true ) );
	}

	/**
	 * The « SMS » section of the settings page: provider, API key (never printed back), sender.
	 */
	public static function settings_section(): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			return;
		}
		$s      = self::settings();
		$sender = (string) ( Rdv_Options::config()['sms']['senderName'] ?? '' );
		echo '<h2 id="rdv-sms">' . esc_html__( 'SMS', 'rdv-compagnon' ) . '</h2>';
		if ( isset( $_GET['rdv_sms'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification -- a notice after our own redirect.
			$ok = 'saved' === sanitize_key( wp_unslash( $_GET['rdv_sms'] ) ); // phpcs:ignore WordPress.Security.NonceVerification
			echo '<div class="notice ' . ( $ok ? 'notice-success' : 'notice-error' ) . '"><p>' . esc_html( $ok ? __( 'SMS settings saved.', 'rdv-compagnon' ) : __( 'The sender must have 3 to 11 characters: ASCII letters, digits and spaces, with at least one letter. Nothing was saved.', 'rdv-compagnon' ) ) . '</p></div>';
		}
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="' . esc_attr( self::SAVE_ACTION ) . '">';
		wp_nonce_field( self::SAVE_ACTION );
		echo '<table class="form-table" role="presentation">';
		echo '<tr><th scope="row"><label for="rdv_sms_provider">' . esc_html__( 'Provider', 'rdv-compagnon' ) . '</label></th><td><select id="rdv_sms_provider" name="provider"><option value="brevo" selected>Brevo</option></select></td></tr>';
		echo '<tr><th scope="row"><label for="rdv_sms_api_key">' . esc_html__( 'API key', 'rdv-compagnon' ) . '</label></th><td><input type="password" id="rdv_sms_api_key" name="api_key" value="" autocomplete="off" class="regular-text"> <p class="description">' . esc_html( self::has_api_key() ? __( 'A key is saved. Leave empty to keep it.', 'rdv-compagnon' ) : __( 'No key saved: no SMS is sent.', 'rdv-compagnon' ) ) . '</p></td></tr>';
		echo '<tr><th scope="row"><label for="rdv_sms_sender">' . esc_html__( 'Sender name', 'rdv-compagnon' ) . '</label></th><td><input type="text" id="rdv_sms_sender" name="sender" value="' . esc_attr( $sender ) . '" maxlength="11" class="regular-text"> <p class="description">' . esc_html__( 'Shown on the patient\'s phone: 3 to 11 characters, letters, digits, spaces.', 'rdv-compagnon' ) . '</p></td></tr>';
		echo '<tr><th scope="row"><label for="rdv_sms_base_url">' . esc_html__( 'API address (advanced)', 'rdv-compagnon' ) . '</label></th><td><input type="url" id="rdv_sms_base_url" name="base_url" value="' . esc_attr( $s['base_url'] ) . '" class="regular-text" placeholder="' . esc_attr( Rdv_Sms_Brevo::DEFAULT_BASE ) . '"></td></tr>';
		echo '</table>';
		submit_button( __( 'Save SMS settings', 'rdv-compagnon' ) );
		echo '</form>';
	}

	/**
	 * admin-post handler of the section.
	 */
	public static function save(): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			wp_die( esc_html__( 'You are not allowed to change the SMS settings.', 'rdv-compagnon' ), 403 );
		}
		check_admin_referer( self::SAVE_ACTION );
		$post = wp_unslash( $_POST ); // phpcs:ignore WordPress.Security.NonceVerification -- checked above.
		$ok   = self::apply( is_array( $post ) ? $post : array() );
		wp_safe_redirect( Rdv_Admin::url( array( 'rdv_sms' => $ok ? 'saved' : 'invalid' ) ) . '#rdv-sms' );
		exit;
	}

	/**
	 * Checks and stores the section's fields; false and nothing stored when the sender is invalid.
	 *
	 * @param array<string,mixed> $post Unslashed form fields.
	 */
	public static function apply( array $post ): bool {
		$sender = trim( (string) ( $post['sender'] ?? '' ) );
		if ( '' !== $sender && ! self::valid_sender( $sender ) ) {
			return false;
		}
		$base = trim( (string) ( $post['base_url'] ?? '' ) );
		$base = '' === $base ? '' : esc_url_raw( $base, array( 'http', 'https' ) );
		$key  = trim( (string) ( $post['api_key'] ?? '' ) );
		self::configure( $base, '' === $key ? null : sanitize_text_field( $key ) );
		if ( '' !== $sender ) {
			$config = Rdv_Options::config();
			if ( ( $config['sms']['senderName'] ?? null ) !== $sender ) {
				$config['sms']['senderName'] = $sender;
				Rdv_Options::set_config( $config );
			}
		}
		return true;
	}

	/**
	 * The rule of `sms.senderName` (docs/booking-endpoint.md): 3 to 11 characters, ASCII letters,
	 * digits and spaces, at least one letter.
	 *
	 * @param string $s Sender.
	 */
	public static function valid_sender( string $s ): bool {
		return 1 === preg_match( '/^[A-Za-z0-9 ]{3,11}$/D', $s ) && 1 === preg_match( '/[A-Za-z]/', $s );
	}
}
