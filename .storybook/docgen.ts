import type { PropItem } from 'react-docgen-typescript';

/**
 * How react-docgen-typescript reads the kit's props, for Storybook's props tables and the test that
 * checks every component has described props: the kit's own props only (an item that also takes
 * every HTML attribute lists the kit's, not React's hundreds), unions shown as their values.
 */
export const DOCGEN_OPTIONS = {
  shouldExtractLiteralValuesFromEnum: true,
  shouldRemoveUndefinedFromOptional: true,
  savePropValueAsString: true,
  propFilter: (prop: PropItem) => !prop.declarations?.some((declaration) => declaration.fileName.includes('node_modules')),
};
