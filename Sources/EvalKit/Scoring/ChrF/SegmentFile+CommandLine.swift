extension SegmentFile {
    /// Every segment without its trailing whitespace, as sacreBLEU's command line reads files (`line.rstrip()`).
    public func rstripped() -> SegmentFile {
        SegmentFile(path: path, segments: segments.map { segment in
            var text = ""
            text.unicodeScalars.append(contentsOf: PythonText.rstrip(Array(segment.unicodeScalars)))
            return text
        })
    }
}
