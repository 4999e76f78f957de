<?php
/**
 * A failed conversation with Google.
 *
 * @package RdvCompagnon
 */

defined( 'ABSPATH' ) || exit;

/**
 * Why a call to Google failed. `$reason` is one of:
 * `revoked` (the grant is gone: relink from the settings page), `not_linked` (never linked),
 * `unreachable` (network, timeout, 5xx), `rate_limited` (403 rate limit, 429),
 * `invalid_response` (not the JSON Google sends: HTML, cut, too large), `not_found` (404/410),
 * `conflict` (409: the id exists already), `forbidden` (403 other than a rate limit),
 * `bad_request` (400 from the Calendar API).
 * The message never holds a token, a body or personal data.
 */
class Rdv_Google_Error extends Exception {
	/**
	 * Machine-readable reason (see the class comment).
	 *
	 * @var string
	 */
	public string $reason;

	/**
	 * HTTP status, 0 when there was no answer.
	 *
	 * @var int
	 */
	public int $status;

	/**
	 * @param string $reason  One of the reasons above.
	 * @param string $message Short technical description (no secret, no personal data).
	 * @param int    $status  HTTP status, 0 when none.
	 */
	public function __construct( string $reason, string $message, int $status = 0 ) {
		parent::__construct( $message );
		$this->reason = $reason;
		$this->status = $status;
	}
}
