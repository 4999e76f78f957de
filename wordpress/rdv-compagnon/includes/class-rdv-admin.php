<?php
/**
 * The settings page under Réglages › RDV Compagnon: the practitioner's identity, the legal
 * notices URL, the consent version, the retention period and a read-only summary of the
 * appointment types (the app edits them); other parts add their sections through the
 * `rdv_compagnon_settings_sections` action. Forms post to admin-post.php with a nonce.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Settings page frame.
 */
final class Rdv_Admin {
	/** The page's slug. */
	public const SLUG = 'rdv-compagnon';
	/** admin-post action (and nonce action) of the general settings form. */
	public const ACTION = 'rdv_compagnon_save_general';

	/**
	 * Hooks the menu and the form handler.
	 */
	public static function register(): void {
		add_action( 'admin_menu', array( self::class, 'menu' ) );
		add_action( 'admin_post_' . self::ACTION, array( self::class, 'save' ) );
	}

	/**
	 * Réglages › RDV Compagnon.
	 */
	public static function menu(): void {
		add_options_page(
			__( 'RDV Compagnon', 'rdv-compagnon' ),
			__( 'RDV Compagnon', 'rdv-compagnon' ),
			Rdv_Plugin::CAPABILITY,
			self::SLUG,
			array( self::class, 'page' )
		);
	}

	/** The page's URL. */
	public static function url( array $args = array() ): string {
		return add_query_arg( array_merge( array( 'page' => self::SLUG ), $args ), admin_url( 'options-general.php' ) );
	}

	/**
	 * Renders the page.
	 */
	public static function page(): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to access this page.', 'rdv-compagnon' ), 403 );
		}
		$practice = Rdv_Options::practice();
		$config   = Rdv_Config::document();
		$notice   = isset( $_GET['rdv_notice'] ) ? sanitize_key( wp_unslash( $_GET['rdv_notice'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification -- display only.
		echo '<div class="wrap"><h1>' . esc_html__( 'RDV Compagnon', 'rdv-compagnon' ) . '</h1>';
		if ( 'saved' === $notice ) {
			echo '<div class="notice notice-success"><p>' . esc_html__( 'Settings saved.', 'rdv-compagnon' ) . '</p></div>';
		} elseif ( 'invalid' === $notice ) {
			echo '<div class="notice notice-error"><p>' . esc_html__( 'Nothing was saved: check the highlighted values (retention 90, 120 or 240 days, a valid URL, a booking horizon not beyond the retention period).', 'rdv-compagnon' ) . '</p></div>';
		}
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="' . esc_attr( self::ACTION ) . '">';
		wp_nonce_field( self::ACTION );
		echo '<h2>' . esc_html__( 'Practice', 'rdv-compagnon' ) . '</h2><table class="form-table" role="presentation">';
		self::row( 'rdv_practice_name', __( 'Practitioner’s name (shown in every SMS)', 'rdv-compagnon' ), $practice['name'] );
		self::row( 'rdv_practice_address', __( 'Address', 'rdv-compagnon' ), $practice['address'] );
		self::row( 'rdv_practice_phone', __( 'Phone', 'rdv-compagnon' ), $practice['phone'] );
		self::row( 'rdv_legal_url', __( 'Legal notices page (URL)', 'rdv-compagnon' ), Rdv_Options::legal_url(), 'url' );
		self::row( 'rdv_consent_version', __( 'Version of the legal notices', 'rdv-compagnon' ), Rdv_Options::consent_version() );
		echo '<tr><th scope="row"><label for="rdv_retention">' . esc_html__( 'Retention of patients’ data', 'rdv-compagnon' ) . '</label></th><td><select id="rdv_retention" name="rdv_retention">';
		foreach ( Rdv_Config::RETENTION_DAYS as $d ) {
			/* translators: %d: number of days. */
			echo '<option value="' . esc_attr( (string) $d ) . '"' . selected( $d, (int) $config['retentionDays'], false ) . '>' . esc_html( sprintf( __( '%d days after the booking', 'rdv-compagnon' ), $d ) ) . '</option>';
		}
		echo '</select></td></tr></table>';
		submit_button();
		echo '</form>';
		echo '<h2>' . esc_html__( 'Appointment types', 'rdv-compagnon' ) . '</h2>';
		if ( array() === $config['appointmentTypes'] ) {
			echo '<p>' . esc_html__( 'None yet: they are set in the RDV Compagnon app, which publishes them here.', 'rdv-compagnon' ) . '</p>';
		} else {
			echo '<table class="widefat striped"><thead><tr><th>' . esc_html__( 'Type', 'rdv-compagnon' ) . '</th><th>' . esc_html__( 'Duration (min)', 'rdv-compagnon' ) . '</th><th>' . esc_html__( 'Horizon (days)', 'rdv-compagnon' ) . '</th><th>' . esc_html__( 'Bookable online', 'rdv-compagnon' ) . '</th></tr></thead><tbody>';
			foreach ( $config['appointmentTypes'] as $t ) {
				echo '<tr><td>' . esc_html( (string) $t['name'] ) . '</td><td>' . esc_html( (string) $t['durationMinutes'] ) . '</td><td>' . esc_html( isset( $t['horizonDays'] ) ? (string) $t['horizonDays'] : '—' ) . '</td><td>' . esc_html( $t['bookableOnline'] ? __( 'yes', 'rdv-compagnon' ) : __( 'no', 'rdv-compagnon' ) ) . '</td></tr>';
			}
			echo '</tbody></table>';
		}
		do_action( 'rdv_compagnon_settings_sections' );
		echo '</div>';
	}

	/**
	 * One text field row.
	 *
	 * @param string $name  Field name and id.
	 * @param string $label Label.
	 * @param string $value Value.
	 * @param string $type  Input type.
	 */
	private static function row( string $name, string $label, string $value, string $type = 'text' ): void {
		echo '<tr><th scope="row"><label for="' . esc_attr( $name ) . '">' . esc_html( $label ) . '</label></th><td><input class="regular-text" type="' . esc_attr( $type ) . '" id="' . esc_attr( $name ) . '" name="' . esc_attr( $name ) . '" value="' . esc_attr( $value ) . '"></td></tr>';
	}

	/**
	 * admin-post handler: capability and nonce checked, values checked, then saved; nothing is
	 * saved when one value is wrong.
	 */
	public static function save(): void {
		if ( ! current_user_can( Rdv_Plugin::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'rdv-compagnon' ), 403 );
		}
		check_admin_referer( self::ACTION );
		$result = self::apply( wp_unslash( $_POST ) );
		wp_safe_redirect( self::url( array( 'rdv_notice' => $result ? 'saved' : 'invalid' ) ) );
		exit;
	}

	/**
	 * Checks and stores the general settings (the form's fields); false and nothing stored when
	 * one is wrong. Separate from `save()` so tests call it without a redirect.
	 *
	 * @param array<string,mixed> $post Unslashed form fields.
	 */
	public static function apply( array $post ): bool {
		$field = static function ( string $k, int $max ) use ( $post ): ?string {
			$v = isset( $post[ $k ] ) && is_string( $post[ $k ] ) ? sanitize_text_field( $post[ $k ] ) : '';
			return mb_strlen( $v, 'UTF-8' ) <= $max ? $v : null;
		};
		$name      = $field( 'rdv_practice_name', 100 );
		$address   = $field( 'rdv_practice_address', 200 );
		$phone     = $field( 'rdv_practice_phone', 32 );
		$version   = $field( 'rdv_consent_version', 32 );
		$url_in    = isset( $post['rdv_legal_url'] ) && is_string( $post['rdv_legal_url'] ) ? trim( $post['rdv_legal_url'] ) : '';
		$url       = '' === $url_in ? '' : esc_url_raw( $url_in, array( 'http', 'https' ) );
		$retention = isset( $post['rdv_retention'] ) && is_string( $post['rdv_retention'] ) && preg_match( '/^[0-9]{1,4}$/D', $post['rdv_retention'] ) ? (int) $post['rdv_retention'] : 0;
		if ( null === $name || '' === trim( (string) $name ) || null === $address || null === $phone || null === $version || '' === $version
			|| ( '' !== $url_in && ( '' === $url || strlen( $url ) > 2000 ) ) || ! in_array( $retention, Rdv_Config::RETENTION_DAYS, true ) ) {
			return false;
		}
		$config = Rdv_Options::config();
		foreach ( (array) ( $config['appointmentTypes'] ?? array() ) as $t ) {
			if ( isset( $t['horizonDays'] ) && (int) $t['horizonDays'] > $retention ) {
				return false;
			}
		}
		$before = Rdv_Config::retention_days();
		Rdv_Options::set_practice( array( 'name' => $name, 'address' => $address, 'phone' => $phone ) );
		Rdv_Options::set_legal_url( $url );
		Rdv_Options::set_consent_version( $version );
		$config['retentionDays'] = $retention;
		Rdv_Options::set_config( $config );
		if ( $retention < $before ) {
			Rdv_Records::housekeeping();
		}
		return true;
	}
}
