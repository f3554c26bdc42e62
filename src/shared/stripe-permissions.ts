/**
 * The read permissions a restricted key needs, in the words of Stripe's restricted key editor: what the connect screen
 * asks for, and what the core names when Stripe refuses one of them (src/core/stripe/key-validation.ts).
 */
export const requiredPermissions = ['Customers', 'Products', 'Prices', 'Coupons', 'Subscriptions', 'Invoices', 'Charges', 'Refunds', 'Events'] as const;

export type RequiredPermission = (typeof requiredPermissions)[number];
