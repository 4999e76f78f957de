<?php
/**
 * A hostile "Google" for Rdv_Google's tests, served by `php -S 127.0.0.1:P hostile-google.php`.
 * The first path segment chooses the misbehaviour; the rest is Google's path under the base URL
 * (`token`, `calendar/v3/…`). Used by wordpress/tests/unit/TestRdvGoogle.php only.
 *
 * Token endpoint: `token-html` (an HTML page), `token-truncated` (cut JSON), `token-invalid-grant`
 * (Google's answer for a revoked refresh token); any other mode gets a valid access token.
 * Calendar API: `html`, `truncated`, `500`, `huge` (5 MB), `list` (a JSON list), `items-not-list`,
 * `rate` (403 rateLimitExceeded), `429`, `redirect` (302 elsewhere), `ok` (an empty page).
 *
 * @package RdvCompagnon
 */

$path  = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$parts = explode( '/', ltrim( $path, '/' ), 2 );
$mode  = $parts[0];
$rest  = $parts[1] ?? '';

/**
 * Sends an answer and stops.
 */
function rdv_hostile_answer( int $status, string $type, string $body ): void {
	http_response_code( $status );
	header( 'Content-Type: ' . $type );
	echo $body; // phpcs:ignore WordPress.Security.EscapeOutput -- a test server's raw answer.
	exit;
}

if ( 'token' === $rest ) {
	switch ( $mode ) {
		case 'token-html':
			rdv_hostile_answer( 200, 'text/html', '<!doctype html><title>Portail captif</title><p>Connectez-vous au Wi-Fi</p>' );
		case 'token-truncated':
			rdv_hostile_answer( 200, 'application/json', '{"access_token": "ya29.cut' );
		case 'token-invalid-grant':
			rdv_hostile_answer( 400, 'application/json', '{"error": "invalid_grant", "error_description": "Token has been expired or revoked."}' );
		default:
			rdv_hostile_answer( 200, 'application/json', '{"access_token": "ya29.hostile", "expires_in": 3599, "token_type": "Bearer"}' );
	}
}

switch ( $mode ) {
	case 'html':
		rdv_hostile_answer( 200, 'text/html', '<!doctype html><html><body><h1>It works!</h1></body></html>' );
	case 'truncated':
		rdv_hostile_answer( 200, 'application/json', '{"kind": "calendar#events", "items": [{"id": "abc", "summary": "Consul' );
	case '500':
		rdv_hostile_answer( 500, 'text/html', '<html><body>Internal Server Error</body></html>' );
	case 'huge':
		rdv_hostile_answer( 200, 'application/json', '{"items": [], "padding": "' . str_repeat( 'x', 5 * 1024 * 1024 ) . '"}' );
	case 'list':
		rdv_hostile_answer( 200, 'application/json', '[1, 2, 3]' );
	case 'items-not-list':
		rdv_hostile_answer( 200, 'application/json', '{"items": "nope"}' );
	case 'rate':
		rdv_hostile_answer( 403, 'application/json', '{"error": {"code": 403, "message": "Rate Limit Exceeded", "errors": [{"domain": "usageLimits", "reason": "rateLimitExceeded", "message": "Rate Limit Exceeded"}]}}' );
	case '429':
		rdv_hostile_answer( 429, 'application/json', '{"error": {"code": 429, "message": "Too Many Requests", "errors": [{"reason": "rateLimitExceeded"}]}}' );
	case 'redirect':
		header( 'Location: http://example.invalid/' );
		rdv_hostile_answer( 302, 'text/html', '' );
	default:
		rdv_hostile_answer( 200, 'application/json', '{"kind": "calendar#events", "items": []}' );
}
