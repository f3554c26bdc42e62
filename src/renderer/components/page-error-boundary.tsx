import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * Keeps one page's rendering bug from blanking the whole window: the sidebar stays, the page says what happened and
 * offers to try again. The error goes to the console (main's log captures the renderer's console in the app).
 */
export class PageErrorBoundary extends Component<{ page: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.page} page failed to render`, error, info.componentStack);
  }

  override componentDidUpdate(previous: { page: string }): void {
    // Another page is another chance.
    if (previous.page !== this.props.page && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page">
        <div className="card" role="alert">
          <h2>This page could not be shown</h2>
          <p className="hint">Something in Recur went wrong while drawing it; your data is safe. Try again, or go to another page.</p>
          <button className="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
