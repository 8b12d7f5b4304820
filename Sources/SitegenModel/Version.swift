/// The version `sitegen --version` prints.
public enum SitegenVersion {
    public static let string = "0.1.0"
}
