<?php
/**
 * PHPUnit bootstrap: loads the throw-away WordPress that scripts/wp-site.sh started (its folder in
 * RDV_WP_ROOT), with the plugin active, in this process. Tests then call the plugin's classes
 * directly and its REST routes through rest_do_request(). No WordPress test scaffold exists in
 * Debian, so the base class below gives what the tests need: a pinned clock, a user, a REST call,
 * and a clean slate (the plugin's tables emptied, options restored) before every test.
 *
 * @package RdvCompagnon
 */

$rdv_root = getenv( 'RDV_WP_ROOT' );
if ( ! $rdv_root || ! is_readable( $rdv_root . '/wp-load.php' ) ) {
	fwrite( STDERR, "RDV_WP_ROOT does not name a WordPress: run the tests through scripts/wp-site.sh run -- phpunit -c wordpress/tests/phpunit.xml (make plugin-test does)\n" );
	exit( 1 );
}

// What a web request would have: WordPress builds URLs and cookies from the host.
$rdv_url = getenv( 'RDV_WP_URL' ) ? getenv( 'RDV_WP_URL' ) : 'http://127.0.0.1/';
$_SERVER['HTTP_HOST']   = (string) parse_url( $rdv_url, PHP_URL_HOST ) . ( parse_url( $rdv_url, PHP_URL_PORT ) ? ':' . parse_url( $rdv_url, PHP_URL_PORT ) : '' );
$_SERVER['SERVER_NAME'] = (string) parse_url( $rdv_url, PHP_URL_HOST );
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
define( 'WP_USE_THEMES', false );

require_once $rdv_root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

// WordPress 6.1's bundled Requests 1.x prints PHP 8.1+ deprecation notices when its classes load
// (the first wp_remote_*() of a test): load them here, quietly, so no test prints them.
ob_start();
class_exists( 'Requests_Cookie_Jar' );
class_exists( 'Requests_Utility_CaseInsensitiveDictionary' );
ob_end_clean();

if ( ! defined( 'RDV_COMPAGNON_DIR' ) ) {
	fwrite( STDERR, "The rdv-compagnon plugin is not active in $rdv_root\n" );
	exit( 1 );
}

/** Where the Rust-generated test vectors are (slots.json, patient.json, sms.json). */
define( 'RDV_TEST_VECTORS', __DIR__ . '/vectors' );

require_once __DIR__ . '/class-rdv-test-case.php';
