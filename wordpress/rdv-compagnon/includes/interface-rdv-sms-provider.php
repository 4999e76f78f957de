<?php
/**
 * What the plugin needs from an SMS provider: send one text, read one delivery receipt. The
 * adapter in use is Rdv_Sms_Brevo (docs/sms.md § Provider); another provider is one more class
 * implementing this, returned by the `rdv_compagnon_sms_provider` filter.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * An SMS provider's HTTP API.
 */
interface Rdv_Sms_Provider {
	/**
	 * Hands one text to the provider.
	 *
	 * @param string $to_e164 The patient's number, E.164 (`+33612345678`).
	 * @param string $sender  The alphanumeric sender shown on the phone (3 to 11 characters).
	 * @param string $text    The filled text.
	 * @param string $ref     Our reference of the message (the rdv_sms row id), for the provider's logs.
	 * @return array{id:?string,error:?string} The provider's message id when accepted (`error`
	 *         null), else a short error code with no personal data (`id` null).
	 */
	public function send( string $to_e164, string $sender, string $text, string $ref ): array;

	/**
	 * Reads a delivery receipt the provider posted to the webhook.
	 *
	 * @param WP_REST_Request $request The webhook request (already authenticated by its secret).
	 * @return ?array{id:string,status:string} The provider's message id and `delivered` or
	 *         `failed`; null for an event that changes nothing (e.g. `sent`) or a malformed body.
	 */
	public function parse_receipt( WP_REST_Request $request ): ?array;
}
