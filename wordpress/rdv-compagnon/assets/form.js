/**
 * RDV Compagnon booking form: light enhancement, no dependency. Without it every step is a normal
 * page load; with it the previous/next week links load the week's slots in place (public route
 * rdv-compagnon/v1/public/slots, times only), announce them (aria-live) and move the focus to the
 * week's title. Any failure falls back to the plain link.
 */
( function () {
	'use strict';

	function slotHref( page, type, slot ) {
		var url = new URL( page, window.location.href );
		url.searchParams.set( 'rdv_type', type );
		url.searchParams.set( 'rdv_slot', slot.start );
		url.searchParams.set( 'rdv_sig', slot.sig );
		return url.toString();
	}

	function weekHref( page, type, week ) {
		var url = new URL( page, window.location.href );
		url.searchParams.set( 'rdv_type', type );
		url.searchParams.set( 'rdv_week', week );
		return url.toString();
	}

	function el( tag, attrs, text ) {
		var node = document.createElement( tag );
		Object.keys( attrs || {} ).forEach( function ( k ) {
			node.setAttribute( k, attrs[ k ] );
		} );
		if ( text !== undefined ) {
			node.textContent = text;
		}
		return node;
	}

	function render( root, box, nav, data ) {
		var page = root.getAttribute( 'data-page' );
		var title = el( 'h3', { 'class': 'rdv-compagnon__week-title', tabindex: '-1' }, data.label );
		var days = el( 'div', { 'class': 'rdv-compagnon__days' } );
		if ( ! data.days.length ) {
			days.appendChild( el( 'p', {}, box.getAttribute( 'data-empty' ) ) );
		}
		data.days.forEach( function ( day ) {
			var section = el( 'section', { 'class': 'rdv-compagnon__day' } );
			section.appendChild( el( 'h4', {}, day.label ) );
			var list = el( 'ul', { 'class': 'rdv-compagnon__slots' } );
			day.slots.forEach( function ( slot ) {
				var li = el( 'li' );
				li.appendChild( el( 'a', { 'class': 'rdv-compagnon__slot', 'data-rdv-slot': slot.start, href: slotHref( page, data.type, slot ), 'aria-label': slot.label }, slot.time ) );
				list.appendChild( li );
			} );
			section.appendChild( list );
			days.appendChild( section );
		} );
		box.replaceChildren( title, days );
		nav.replaceChildren();
		[ [ data.prevWeek, 'data-prev' ], [ data.nextWeek, 'data-next' ] ].forEach( function ( pair ) {
			if ( pair[ 0 ] ) {
				nav.appendChild( el( 'a', { 'class': 'rdv-compagnon__week-link', 'data-week': pair[ 0 ], href: weekHref( page, data.type, pair[ 0 ] ) }, box.getAttribute( pair[ 1 ] ) ) );
			}
		} );
		title.focus();
	}

	function enhance( root ) {
		var box = root.querySelector( '.rdv-compagnon__week' );
		var nav = root.querySelector( '.rdv-compagnon__weeks' );
		if ( ! box || ! nav || ! window.fetch || ! window.URL ) {
			return;
		}
		nav.addEventListener( 'click', function ( event ) {
			var link = event.target.closest( 'a[data-week]' );
			if ( ! link ) {
				return;
			}
			event.preventDefault();
			var url = new URL( root.getAttribute( 'data-rest' ), window.location.href );
			url.searchParams.set( 'type', box.getAttribute( 'data-type' ) );
			url.searchParams.set( 'week', link.getAttribute( 'data-week' ) );
			box.setAttribute( 'aria-busy', 'true' );
			fetch( url.toString(), { credentials: 'omit', headers: { Accept: 'application/json' } } )
				.then( function ( response ) {
					if ( ! response.ok ) {
						throw new Error( String( response.status ) );
					}
					return response.json();
				} )
				.then( function ( data ) {
					render( root, box, nav, data );
					window.history.pushState( null, '', link.href );
				} )
				.catch( function () {
					window.location.href = link.href; // The page itself says what went wrong.
				} )
				.finally( function () {
					box.removeAttribute( 'aria-busy' );
				} );
		} );
		window.addEventListener( 'popstate', function () {
			window.location.reload();
		} );
	}

	function focusOutcome( root ) {
		var target = root.querySelector( '.rdv-compagnon__errors, .rdv-compagnon__confirmed .rdv-compagnon__title' );
		if ( target ) {
			target.focus();
		}
	}

	document.querySelectorAll( '.rdv-compagnon' ).forEach( function ( root ) {
		enhance( root );
		focusOutcome( root );
	} );
} )();
