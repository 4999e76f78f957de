<?php
/**
 * Rdv_Sms against the sandbox's stand-in for Brevo (crates/rdv-sandbox/src/brevo/, the standalone
 * `rdv-sandbox` binary started per test): confirmation, reminder and cancellation reach the
 * provider with the sender and the right text; a delivery receipt posted by the stand-in to the
 * plugin's webhook makes the SMS `delivered`; a failure is `failed` and not billed; the monthly
 * usage counts what was sent.
 *
 * @package RdvCompagnon
 */

/**
 * SMS use cases.
 */
class TestRdvSms extends Rdv_Test_Case {
	/** The stand-in's API key (rdv_sandbox::SMS_API_KEY). */
	private const KEY = 'xkeysib-sandbox-rdv-compagnon';

	/** The practitioner of these tests. */
	private const PRACTICE = array(
		'name'    => 'Dr Camille Laurent',
		'address' => '12 rue des Lilas, 69003 Lyon',
		'phone'   => '04 65 71 12 34',
	);

	/** The texts of docs/booking-endpoint.md § Configuration. */
	private const TEXTS = array(
		'confirmation' => 'Bonjour {prenom}, RDV confirmé avec {praticien} le {date} à {heure}, {adresse}. Annulation : {telephone}',
		'reminder'     => 'Rappel : RDV avec {praticien} le {date} à {heure}, {adresse}. Absence ? Prévenez le {telephone}',
		'cancellation' => 'Bonjour {prenom}, votre RDV du {date} à {heure} avec {praticien} est annulé. Nouveau RDV : {telephone}',
	);

	/** @var resource|null The sandbox process. */
	private $sandbox = null;

	/** The sandbox's base URL (`http://127.0.0.1:P/`). */
	private string $base = '';

	/** Starts a sandbox on a free port and points the plugin's SMS at it. */
	protected function setUp(): void {
		parent::setUp();
		$target = getenv( 'CARGO_TARGET_DIR' ) ? getenv( 'CARGO_TARGET_DIR' ) : dirname( __DIR__, 3 ) . '/target';
		$bin    = getenv( 'RDV_SANDBOX_BIN' ) ? getenv( 'RDV_SANDBOX_BIN' ) : $target . '/debug/rdv-sandbox';
		$this->assertFileExists( $bin, 'build the sandbox first: cargo build -p rdv-sandbox' );
		$pipes         = array();
		$this->sandbox = proc_open( array( $bin, '--port', '0' ), array( 0 => array( 'pipe', 'r' ), 1 => array( 'file', '/dev/null', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes );
		$this->assertIsResource( $this->sandbox );
		$line = (string) fgets( $pipes[2] );
		$this->assertSame( 1, preg_match( '#listening at (http://127\.0\.0\.1:\d+/)#', $line, $m ), $line );
		$this->base = $m[1];
		Rdv_Sms::configure( $this->base, self::KEY );
		Rdv_Options::set_practice( self::PRACTICE );
		$config        = Rdv_Options::config();
		$config['sms'] = array_merge(
			$config['sms'],
			array(
				'confirmationEnabled' => true,
				'reminderEnabled'     => true,
				'cancellationEnabled' => true,
				'reminderHoursBefore' => 24,
				'senderName'          => 'DR LAURENT',
				'texts'               => self::TEXTS,
			)
		);
		Rdv_Options::set_config( $config );
		$this->pin_now( '2026-11-20T08:00:00Z' );
	}

	/** Stops the sandbox. */
	protected function tearDown(): void {
		if ( is_resource( $this->sandbox ) ) {
			proc_terminate( $this->sandbox );
			proc_close( $this->sandbox );
		}
		parent::tearDown();
	}

	/** A site booking with a phone, starting at `$start` (UTC). */
	private function booking( string $id, string $start, ?string $phone = '+33612345678', string $reminder = 'none' ): void {
		$s = new DateTimeImmutable( $start );
		Rdv_Records::create(
			array(
				'event_id'         => $id,
				'appointment_type' => 'consultation',
				'source'           => 'site',
				'first_name'       => 'Jeanne',
				'last_name'        => 'Martin',
				'phone'            => $phone,
				'starts_at'        => $s,
				'ends_at'          => $s->add( new DateInterval( 'PT30M' ) ),
				'sms_reminder'     => $reminder,
			)
		);
	}

	/** What the stand-in received, oldest first (its HTTP inspection route). */
	private function received(): array {
		$r = wp_remote_get( $this->base . 'sandbox/sms', array( 'headers' => array( 'api-key' => self::KEY ) ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( $r ) );
		return json_decode( wp_remote_retrieve_body( $r ), true )['messages'];
	}

	/** Has the stand-in post a delivery event to the plugin's webhook; the webhook's status. */
	private function deliver( int $message_id, string $status ): int {
		$r = wp_remote_post( $this->base . 'sandbox/sms/' . $message_id . '/deliver?status=' . $status, array( 'headers' => array( 'api-key' => self::KEY ) ) );
		$this->assertSame( 200, wp_remote_retrieve_response_code( $r ), wp_remote_retrieve_body( $r ) );
		return (int) json_decode( wp_remote_retrieve_body( $r ), true )['webhookStatus'];
	}

	/** The rdv_sms rows, oldest first. */
	private function log(): array {
		global $wpdb;
		return $wpdb->get_results( 'SELECT * FROM ' . Rdv_Schema::table( 'rdv_sms' ) . ' ORDER BY id', ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL
	}

	/** GET /sms/usage of a month, as the app reads it. */
	private function usage( string $month ): array {
		$this->act_as( 'rdv_sms_admin' );
		list( $status, $data ) = $this->rest( 'GET', '/rdv-compagnon/v1/sms/usage', array( 'month' => $month ) );
		$this->assertSame( 200, $status );
		return $data;
	}

	/** The confirmation reaches the provider with the sender, the number and the filled text. */
	public function test_the_confirmation_reaches_the_provider_with_the_sender_and_the_text(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		$this->assertSame( 'sent', Rdv_Sms::send_confirmation( 'evt1' ) );
		$got = $this->received();
		$this->assertCount( 1, $got );
		$this->assertSame( 'DR LAURENT', $got[0]['sender'] );
		$this->assertSame( '33612345678', $got[0]['recipient'] );
		$this->assertSame( 'transactional', $got[0]['type'] );
		$this->assertSame( 'Bonjour Jeanne, RDV confirmé avec Dr Camille Laurent le mardi 24/11 à 14h30, 12 rue des Lilas, 69003 Lyon. Annulation : 04 65 71 12 34', $got[0]['content'] );
		$this->assertStringContainsString( '/rdv-compagnon/v1/sms/receipt/', (string) $got[0]['webUrl'] );
		$this->assertSame( 'sent', Rdv_Records::get( 'evt1' )['sms_confirmation'] );
		$log   = $this->log();
		$count = Rdv_Sms_Count::count( $got[0]['content'] );
		$this->assertCount( 1, $log );
		$this->assertSame( 'confirmation', $log[0]['kind'] );
		$this->assertSame( 'sent', $log[0]['status'] );
		$this->assertSame( (string) $got[0]['messageId'], $log[0]['provider_ref'] );
		$this->assertSame( (string) $count['segments'], (string) $log[0]['segments'] );
		$this->assertSame( 'gsm', $log[0]['encoding'] );
		$this->assertSame( '2026-11', $log[0]['month'] );
		$this->assertSame( '0.08', $log[0]['price_per_segment'] );
	}

	/** A receipt `delivered` posted by the provider makes the SMS delivered; usage bills it. */
	public function test_a_delivery_receipt_makes_the_sms_delivered_and_billed(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		Rdv_Sms::send_confirmation( 'evt1' );
		$id = (int) $this->received()[0]['messageId'];
		$this->assertSame( 200, $this->deliver( $id, 'delivered' ) );
		$this->assertSame( 'delivered', Rdv_Records::get( 'evt1' )['sms_confirmation'] );
		$this->assertSame( 'delivered', $this->log()[0]['status'] );
		$usage = $this->usage( '2026-11' );
		$this->assertSame( 1, $usage['messages'] );
		$this->assertSame( (int) $this->log()[0]['segments'], $usage['segments'] );
		$this->assertSame( 1, $usage['byKind']['confirmation']['messages'] );
	}

	/** A bounce is `failed`, and a failed SMS is not billed. */
	public function test_a_bounce_is_failed_and_not_billed(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		Rdv_Sms::send_confirmation( 'evt1' );
		$this->assertSame( 200, $this->deliver( (int) $this->received()[0]['messageId'], 'hard_bounce' ) );
		$this->assertSame( 'failed', Rdv_Records::get( 'evt1' )['sms_confirmation'] );
		$this->assertSame( 0, $this->usage( '2026-11' )['messages'] );
	}

	/** The provider refusing (wrong key) is `failed`, not billed, and the booking stays. */
	public function test_a_refused_send_is_failed_and_loses_nothing(): void {
		Rdv_Sms::configure( $this->base, 'xkeysib-wrong' );
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		$this->assertSame( 'failed', Rdv_Sms::send_confirmation( 'evt1' ) );
		$row = Rdv_Records::get( 'evt1' );
		$this->assertNotNull( $row, 'the booking is kept' );
		$this->assertSame( 'failed', $row['sms_confirmation'] );
		$this->assertSame( 'failed', $this->log()[0]['status'] );
		$this->assertSame( 0, $this->usage( '2026-11' )['messages'] );
	}

	/** Art. 1.5, defence in depth: a text that does not name the sender is not sent. */
	public function test_a_text_without_the_practitioners_identity_is_not_sent(): void {
		$config                                  = Rdv_Options::config();
		$config['sms']['texts']['confirmation'] = 'Bonjour {prenom}, RDV le {date} à {heure}.';
		update_option( Rdv_Options::CONFIG, $config, false ); // Past the config's validation, as a damaged option would be.
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		$this->assertSame( 'failed', Rdv_Sms::send_confirmation( 'evt1' ) );
		$this->assertSame( array(), $this->received() );
		$this->assertSame( 'failed', Rdv_Records::get( 'evt1' )['sms_confirmation'] );
	}

	/** No phone: nothing sent, status `none`. */
	public function test_no_phone_is_none(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z', null );
		$this->assertSame( 'none', Rdv_Sms::send_confirmation( 'evt1' ) );
		$this->assertSame( array(), $this->received() );
	}

	/** The cancellation text reaches the provider. */
	public function test_the_cancellation_reaches_the_provider(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		$this->assertSame( 'sent', Rdv_Sms::send_cancellation( 'evt1' ) );
		$this->assertSame( 'Bonjour Jeanne, votre RDV du mardi 24/11 à 14h30 avec Dr Camille Laurent est annulé. Nouveau RDV : 04 65 71 12 34', $this->received()[0]['content'] );
		$this->assertSame( 'sent', Rdv_Records::get( 'evt1' )['sms_cancellation'] );
		$this->assertSame( 1, $this->usage( '2026-11' )['byKind']['cancellation']['messages'] );
	}

	/** The reminders job sends the pending reminders due within reminderHoursBefore, once. */
	public function test_the_reminder_job_sends_what_is_due_once(): void {
		$this->booking( 'soon', '2026-11-21T07:00:00Z', '+33612345678', 'pending' );   // In 23 h.
		$this->booking( 'later', '2026-11-21T09:00:00Z', '+33698765432', 'pending' );  // In 25 h.
		$this->booking( 'off', '2026-11-21T07:30:00Z', '+33611111111', 'none' );       // Reminder not planned.
		$this->assertSame( 1, Rdv_Sms::send_due_reminders() );
		$got = $this->received();
		$this->assertCount( 1, $got );
		$this->assertSame( '33612345678', $got[0]['recipient'] );
		$this->assertSame( 'Rappel : RDV avec Dr Camille Laurent le samedi 21/11 à 8h00, 12 rue des Lilas, 69003 Lyon. Absence ? Prévenez le 04 65 71 12 34', $got[0]['content'] );
		$this->assertSame( 'sent', Rdv_Records::get( 'soon' )['sms_reminder'] );
		$this->assertSame( 'pending', Rdv_Records::get( 'later' )['sms_reminder'] );
		$this->assertSame( 0, Rdv_Sms::send_due_reminders(), 'a reminder is sent once' );
		$this->pin_now( '2026-11-20T10:00:00Z' );
		$this->assertSame( 1, Rdv_Sms::send_due_reminders(), 'the later one comes due' );
		$this->assertCount( 2, $this->received() );
	}

	/** A pending reminder whose appointment has begun (cron late) is never sent and becomes `none`. */
	public function test_a_missed_reminder_becomes_none(): void {
		$this->booking( 'past', '2026-11-20T07:30:00Z', '+33612345678', 'pending' );
		$this->assertSame( 0, Rdv_Sms::send_due_reminders() );
		$this->assertSame( array(), $this->received() );
		$this->assertSame( 'none', Rdv_Records::get( 'past' )['sms_reminder'] );
	}

	/** A new booking's reminder is planned only with the option on, a phone, and time for it. */
	public function test_the_reminder_plan_of_a_new_booking(): void {
		$this->assertSame( 'pending', Rdv_Sms::reminder_plan( '+33612345678', new DateTimeImmutable( '2026-11-21T08:00:01Z' ) ) );
		$this->assertSame( 'none', Rdv_Sms::reminder_plan( '+33612345678', new DateTimeImmutable( '2026-11-21T08:00:00Z' ) ), 'booked too late: the reminder time is now' );
		$this->assertSame( 'none', Rdv_Sms::reminder_plan( null, new DateTimeImmutable( '2026-11-24T08:00:00Z' ) ), 'no phone' );
		$config                           = Rdv_Options::config();
		$config['sms']['reminderEnabled'] = false;
		Rdv_Options::set_config( $config );
		$this->assertSame( 'none', Rdv_Sms::reminder_plan( '+33612345678', new DateTimeImmutable( '2026-11-24T08:00:00Z' ) ), 'option off' );
	}

	/** After a booking, the confirmation goes only when the option is on. */
	public function test_booked_sends_the_confirmation_only_when_enabled(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		$this->assertSame( 'sent', Rdv_Sms::booked( 'evt1' ) );
		$config                               = Rdv_Options::config();
		$config['sms']['confirmationEnabled'] = false;
		Rdv_Options::set_config( $config );
		$this->booking( 'evt2', '2026-11-24T14:30:00Z' );
		$this->assertSame( 'none', Rdv_Sms::booked( 'evt2' ) );
		$this->assertSame( 'none', Rdv_Records::get( 'evt2' )['sms_confirmation'] );
		$this->assertCount( 1, $this->received() );
	}

	/** The reminders job runs every 15 minutes once the plugin is loaded, and stops at deactivation. */
	public function test_the_reminder_job_is_scheduled_every_15_minutes(): void {
		Rdv_Sms::schedule();
		$this->assertNotFalse( wp_next_scheduled( Rdv_Sms::REMINDER_HOOK ) );
		$this->assertSame( Rdv_Sms::SCHEDULE, wp_get_schedule( Rdv_Sms::REMINDER_HOOK ) );
		$this->assertSame( 900, wp_get_schedules()[ Rdv_Sms::SCHEDULE ]['interval'] );
		Rdv_Sms::unschedule();
		$this->assertFalse( wp_next_scheduled( Rdv_Sms::REMINDER_HOOK ) );
		Rdv_Sms::schedule();
	}

	/** The settings section never prints the API key back; a bad sender stores nothing. */
	public function test_the_settings_section_keeps_the_key_secret_and_checks_the_sender(): void {
		$this->act_as( 'rdv_sms_admin' );
		require_once ABSPATH . 'wp-admin/includes/template.php'; // submit_button(), as on an admin page.
		ob_start();
		Rdv_Sms::settings_section();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'name="api_key" value=""', $html );
		$this->assertStringNotContainsString( self::KEY, $html );
		$this->assertStringContainsString( 'value="DR LAURENT"', $html );
		$this->assertFalse( Rdv_Sms::apply( array( 'sender' => 'DR-LAURENT!', 'api_key' => 'xkeysib-new', 'base_url' => '' ) ) );
		$this->assertSame( self::KEY, get_option( Rdv_Sms::API_KEY_OPTION ), 'nothing stored' );
		$this->assertSame( $this->base, Rdv_Sms::settings()['base_url'] );
		$this->assertTrue( Rdv_Sms::apply( array( 'sender' => 'CABINET 12', 'api_key' => '', 'base_url' => $this->base ) ) );
		$this->assertSame( self::KEY, get_option( Rdv_Sms::API_KEY_OPTION ), 'an empty field keeps the key' );
		$this->assertSame( 'CABINET 12', Rdv_Options::config()['sms']['senderName'] );
	}

	/** Hostile receipt bodies (script, SQL, wrong types, unknown statuses) change nothing. */
	public function test_hostile_receipts_change_nothing(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		Rdv_Sms::send_confirmation( 'evt1' );
		$id    = (int) $this->received()[0]['messageId'];
		$route = '/rdv-compagnon/v1/sms/receipt/' . Rdv_Sms::webhook_secret();
		$bodies = array(
			array( 'messageId' => "1' OR '1'='1", 'msg_status' => 'delivered' ),
			array( 'messageId' => '<script>alert(1)</script>', 'msg_status' => 'delivered' ),
			array( 'messageId' => array( $id ), 'msg_status' => 'delivered' ),
			array( 'messageId' => $id, 'msg_status' => 'opened' ),
			array( 'messageId' => $id, 'msg_status' => array( 'delivered' ) ),
			array( 'messageId' => $id ),
			array( 'msg_status' => str_repeat( 'x', 10000 ) ),
			array(),
		);
		foreach ( $bodies as $body ) {
			list( $status, $data ) = $this->rest( 'POST', $route, $body );
			$this->assertSame( 200, $status, wp_json_encode( $body ) );
			$this->assertSame( array( 'updated' => false ), $data );
		}
		$this->assertSame( 'sent', Rdv_Records::get( 'evt1' )['sms_confirmation'] );
		$this->assertSame( 'sent', $this->log()[0]['status'] );
		list( $status ) = $this->rest( 'POST', '/rdv-compagnon/v1/sms/receipt/' . str_repeat( 'a', 65 ), array( 'messageId' => $id, 'msg_status' => 'delivered' ) );
		$this->assertSame( 404, $status, 'not a receipt address at all' );
	}

	/** The receipt route refuses a wrong secret and changes nothing. */
	public function test_a_receipt_with_a_wrong_secret_is_refused(): void {
		$this->booking( 'evt1', '2026-11-24T13:30:00Z' );
		Rdv_Sms::send_confirmation( 'evt1' );
		$id = (int) $this->received()[0]['messageId'];
		list( $status ) = $this->rest( 'POST', '/rdv-compagnon/v1/sms/receipt/wrongsecret', array( 'messageId' => $id, 'msg_status' => 'delivered' ) );
		$this->assertSame( 403, $status );
		$this->assertSame( 'sent', Rdv_Records::get( 'evt1' )['sms_confirmation'] );
		list( $status ) = $this->rest( 'POST', '/rdv-compagnon/v1/sms/receipt/' . Rdv_Sms::webhook_secret(), array( 'messageId' => $id, 'msg_status' => 'delivered' ) );
		$this->assertSame( 200, $status );
		$this->assertSame( 'delivered', Rdv_Records::get( 'evt1' )['sms_confirmation'] );
	}
}
