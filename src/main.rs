fn main() -> std::process::ExitCode {
    fedc::run()
}
