<?php
/**
 * The SMS provider: Brevo's transactional SMS API (docs/sms.md § Provider says why Brevo).
 *
 * Follows developers.brevo.com:
 * - *Send transactional SMS*: `POST https://api.brevo.com/v3/transactionalSMS/send` (the endpoint
 *   that replaced `/v3/transactionalSMS/sms`, changelog 2025-05-01), header `api-key`
 *   (*Authentication*), JSON body `sender` (≤ 11 alphanumeric characters), `recipient` (the number
 *   with its country code, digits), `content`, `type` (`transactional`), `tag`, `webUrl` (the
 *   webhook called for each event of this message), `unicodeEnabled`; answer `201
 *   {"messageId": <int>}`; errors `{"code", "message"}` (401 `unauthorized`, 400
 *   `missing_parameter` / `invalid_parameter`, 402 not enough credits).
 * - *Transactional webhooks › Transactional SMS events*: the `webUrl` receives a JSON POST with
 *   `messageId` and `msg_status` (`sent`, `delivered`, `soft_bounce`, `hard_bounce`), besides
 *   `to`, `sms_count`, `credits_used`, `remaining_credit`, `date`, `type`, `reference`.
 *
 * The base URL is a setting (`''` = `https://api.brevo.com/`): tests point it at the sandbox's
 * stand-in (crates/rdv-sandbox/src/brevo/).
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Brevo adapter.
 */
final class Rdv_Sms_Brevo implements Rdv_Sms_Provider {
	/** Brevo's API root. */
	public const DEFAULT_BASE = 'https://api.brevo.com/';

	/** Receipt statuses and what they mean for the booking's SMS. */
	private const STATUSES = array(
		'delivered'   => 'delivered',
		'hard_bounce' => 'failed',
		'soft_bounce' => 'failed',
	);

	/**
	 * An adapter.
	 *
	 * @param string $base_url API root ending with `/` (`''` = Brevo).
	 * @param string $api_key  The account's API key (never printed, never logged).
	 * @param string $web_url  The plugin's receipt webhook (with its secret).
	 */
	public function __construct( private string $base_url, private string $api_key, private string $web_url ) {
		$this->base_url = '' === $base_url ? self::DEFAULT_BASE : trailingslashit( $base_url );
	}

	/**
	 * `POST v3/transactionalSMS/send`.
	 *
	 * @param string $to_e164 E.164 number.
	 * @param string $sender  Sender name.
	 * @param string $text    Text.
	 * @param string $ref     Our reference (sent as the `tag`).
	 * @return array{id:?string,error:?string}
	 */
	public function send( string $to_e164, string $sender, string $text, string $ref ): array {
		$count    = Rdv_Sms_Count::count( $text );
		$response = wp_remote_post(
			$this->base_url . 'v3/transactionalSMS/send',
			array(
				'timeout' => 15,
				'headers' => array(
					'api-key'      => $this->api_key,
					'accept'       => 'application/json',
					'content-type' => 'application/json',
				),
				'body'    => wp_json_encode(
					array(
						'sender'         => $sender,
						'recipient'      => ltrim( $to_e164, '+' ),
						'content'        => $text,
						'type'           => 'transactional',
						'tag'            => 'rdv-compagnon-' . $ref,
						'webUrl'         => $this->web_url,
						'unicodeEnabled' => 'UCS-2' === $count['encoding'],
					)
				),
			)
		);
		if ( is_wp_error( $response ) ) {
			return array( 'id' => null, 'error' => 'unreachable' );
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$body   = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( ( 201 === $status || 200 === $status ) && is_array( $body ) && isset( $body['messageId'] ) && ( is_int( $body['messageId'] ) || is_string( $body['messageId'] ) ) ) {
			return array( 'id' => (string) $body['messageId'], 'error' => null );
		}
		$code = is_array( $body ) && isset( $body['code'] ) && is_string( $body['code'] ) ? $body['code'] : 'http_' . $status;
		return array( 'id' => null, 'error' => substr( preg_replace( '/[^a-z0-9_]/i', '', $code ), 0, 40 ) );
	}

	/**
	 * A *Transactional SMS event*: `messageId` and `msg_status`.
	 *
	 * @param WP_REST_Request $request Webhook request.
	 * @return ?array{id:string,status:string}
	 */
	public function parse_receipt( WP_REST_Request $request ): ?array {
		$body = $request->get_json_params();
		if ( ! is_array( $body ) ) {
			return null;
		}
		$id     = $body['messageId'] ?? null;
		$status = $body['msg_status'] ?? null;
		if ( ! ( is_int( $id ) || ( is_string( $id ) && ctype_digit( $id ) ) ) || ! is_string( $status ) || ! isset( self::STATUSES[ $status ] ) ) {
			return null;
		}
		return array( 'id' => (string) $id, 'status' => self::STATUSES[ $status ] );
	}
}
