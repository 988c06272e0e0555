"""The step pages both flows share: 我的待办, 我的待阅, the action view, history display."""
