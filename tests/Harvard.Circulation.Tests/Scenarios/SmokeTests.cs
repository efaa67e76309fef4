using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Tests.Scenarios;

public class SmokeTests
{
    [Fact]
    public void Replay_SpecExample_Writes()
    {
        var path = Environment.GetEnvironmentVariable("SMOKE_SCENARIO");
        if (path is null)
        {
            return;
        }

        var read = ScenarioReader.ReadFile(path);
        var text = read.IsValid ? ScenarioReportJson.Write(ScenarioReplayer.Replay(read.Scenario!)) : string.Join("\n", read.Problems);
        File.WriteAllText(path + ".out", text);
    }
}
