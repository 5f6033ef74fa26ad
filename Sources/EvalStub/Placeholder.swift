public enum StubPlaceholder {}
