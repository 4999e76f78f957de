/**
 * The booking form block in the editor: no build step, WordPress's own globals. The block is
 * rendered on the server (Rdv_Form::render), so the editor shows the same form.
 */
( function ( wp ) {
	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	wp.blocks.registerBlockType( 'rdv-compagnon/booking-form', {
		title: __( 'RDV Compagnon booking form', 'rdv-compagnon' ),
		edit: function () {
			return el(
				'div',
				{ className: 'rdv-compagnon-editor' },
				wp.serverSideRender
					? el( wp.serverSideRender, { block: 'rdv-compagnon/booking-form' } )
					: el( 'p', null, __( 'The booking form appears here on the published page.', 'rdv-compagnon' ) )
			);
		},
		save: function () {
			return null;
		},
	} );
} )( window.wp );
