<?php
/**
 * Rdv_Admin: the settings page's capability, nonce, checks and escaping.
 *
 * @package RdvCompagnon
 */

/**
 * Settings page.
 */
class TestRdvAdmin extends Rdv_Test_Case {
	/** wp_die() throws instead of ending the process. */
	public function die_handler(): callable {
		return static function ( $message, $title = '', $args = array() ) {
			throw new RuntimeException( 'wp_die: ' . ( is_string( $message ) ? $message : 'error' ) );
		};
	}

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'wp_die_handler', array( $this, 'die_handler' ) );
		add_filter( 'wp_die_ajax_handler', array( $this, 'die_handler' ) );
	}

	protected function tearDown(): void {
		remove_filter( 'wp_die_handler', array( $this, 'die_handler' ) );
		remove_filter( 'wp_die_ajax_handler', array( $this, 'die_handler' ) );
		$_POST    = array();
		$_REQUEST = array();
		parent::tearDown();
	}

	private function form( array $more = array() ): array {
		return array_merge(
			array(
				'rdv_practice_name'    => 'Dr Camille Laurent',
				'rdv_practice_address' => '12 rue des Lilas, 69003 Lyon',
				'rdv_practice_phone'   => '04 65 71 12 34',
				'rdv_legal_url'        => 'https://cabinet-laurent.fr/mentions-legales/',
				'rdv_consent_version'  => '2026-09-01',
				'rdv_retention'        => '240',
			),
			$more
		);
	}

	private function options(): string {
		return md5( serialize( array( Rdv_Options::practice(), Rdv_Options::legal_url(), Rdv_Options::consent_version(), Rdv_Options::config() ) ) );
	}

	public function test_a_forged_or_absent_nonce_or_a_missing_capability_saves_nothing(): void {
		$before = $this->options();
		$this->act_as( 'rdv-admin' );
		foreach ( array( array(), array( '_wpnonce' => 'forged0000' ) ) as $nonce ) {
			$_POST    = array_merge( $this->form(), $nonce );
			$_REQUEST = $_POST;
			try {
				Rdv_Admin::save();
				$this->fail( 'saved without a valid nonce' );
			} catch ( RuntimeException $e ) {
				$this->assertStringStartsWith( 'wp_die', $e->getMessage() );
			}
		}
		$this->act_as( 'rdv-editor', 'editor' );
		$_POST    = array_merge( $this->form(), array( '_wpnonce' => wp_create_nonce( Rdv_Admin::ACTION ) ) );
		$_REQUEST = $_POST;
		try {
			Rdv_Admin::save();
			$this->fail( 'saved without the capability' );
		} catch ( RuntimeException $e ) {
			$this->assertStringStartsWith( 'wp_die', $e->getMessage() );
		}
		$this->assertSame( $before, $this->options(), 'nothing saved' );
	}

	public function test_valid_settings_are_saved_and_change_the_config_etag(): void {
		$etag = Rdv_Options::config_etag();
		$this->assertTrue( Rdv_Admin::apply( $this->form() ) );
		$this->assertSame( 'Dr Camille Laurent', Rdv_Options::practice()['name'] );
		$this->assertSame( 240, Rdv_Config::retention_days() );
		$this->assertNotSame( $etag, Rdv_Options::config_etag(), 'the app sees the change' );
	}

	public function test_bad_values_are_refused_and_nothing_is_saved(): void {
		$before = $this->options();
		$bad    = array(
			array( 'rdv_retention' => '100' ),
			array( 'rdv_retention' => "120' OR 1=1" ),
			array( 'rdv_practice_name' => str_repeat( 'x', 10000 ) ),
			array( 'rdv_practice_name' => '' ),
			array( 'rdv_legal_url' => 'javascript:alert(1)' ),
			array( 'rdv_consent_version' => '' ),
		);
		foreach ( $bad as $change ) {
			$this->assertFalse( Rdv_Admin::apply( $this->form( $change ) ), (string) wp_json_encode( array_keys( $change ) ) );
		}
		$config                     = Rdv_Options::config();
		$config['appointmentTypes'] = array( array( 'id' => 'c', 'name' => 'C', 'durationMinutes' => 30, 'horizonDays' => 120 ) );
		Rdv_Options::set_config( $config );
		$before = $this->options();
		$this->assertFalse( Rdv_Admin::apply( $this->form( array( 'rdv_retention' => '90' ) ) ), 'the horizon would exceed the retention period' );
		$this->assertSame( $before, $this->options() );
	}

	public function test_the_page_escapes_what_it_shows(): void {
		require_once ABSPATH . 'wp-admin/includes/template.php';
		$this->act_as( 'rdv-admin' );
		$this->assertTrue( Rdv_Admin::apply( $this->form( array( 'rdv_practice_address' => '"><img src=x onerror=alert(1)>' ) ) ) );
		$config                     = Rdv_Options::config();
		$config['appointmentTypes'] = array( array( 'id' => 'c', 'name' => '<script>alert(1)</script>', 'durationMinutes' => 30, 'bookableOnline' => true ) );
		Rdv_Options::set_config( $config );
		ob_start();
		Rdv_Admin::page();
		$html = (string) ob_get_clean();
		$this->assertStringNotContainsString( '<script>alert(1)</script>', $html );
		$this->assertStringNotContainsString( '<img src=x', $html );
		$this->assertStringContainsString( '&lt;script&gt;', $html );
		$this->assertStringContainsString( 'name="_wpnonce"', $html );
	}
}
